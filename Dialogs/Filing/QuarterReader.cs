using System.Text.RegularExpressions;
using RectifyBot.Tasks.Recognition;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Filing;

/// <summary>
/// The quarter a request for the quarterly filing names: written out (2019年一季度, 2019Q1, Q1 2019, 2019 年第一季度),
/// relative (上季度, last quarter; 本季度, this quarter), or as <see cref="PeriodReader"/> reads months (一季度, first
/// quarter, the first quarter of 2019) when they make one whole quarter. A quarter without a year is the latest one not
/// after today's. Null when the text names none.
/// </summary>
public static partial class QuarterReader
{
    [GeneratedRegex(@"(?<!\d)(?:\d{4}\s*[-/ ]?\s*[Qq][1-4]|[Qq][1-4]\s*[-/ ]?\s*\d{4}|\d{4}\s*年\s*第?\s*[一二三四1-4]\s*季(?:度)?)(?!\d)")]
    private static partial Regex Written();

    [GeneratedRegex(@"上一?个?季度|前一?个?季度|\b(?:last|previous|past) quarter\b", RegexOptions.IgnoreCase)]
    private static partial Regex Last();

    [GeneratedRegex(@"本季度|这一?个?季度|当前季度|\b(?:this|the current|current) quarter\b", RegexOptions.IgnoreCase)]
    private static partial Regex This();

    public static Quarter? Read(string text, DateOnly today)
    {
        if (Written().Match(text) is { Success: true } written && Quarter.TryParse(written.Value, out var named))
        {
            return named;
        }
        if (Last().IsMatch(text))
        {
            return QuarterFilingPlanner.LastEnded(today);
        }
        if (This().IsMatch(text))
        {
            return Quarter.Of(today);
        }
        if (PeriodReader.Read(text, today) is [var first, _, var last] && first.Month % 3 == 1 && last == first.AddMonths(2))
        {
            return Quarter.Of(first.FirstDay);
        }
        return null;
    }
}
