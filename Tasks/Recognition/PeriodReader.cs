using System.Text.RegularExpressions;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Recognition;

/// <summary>
/// Reads the reporting months a message names (本月, 上个月, 2019年2月, this month, last month, February, Q1, 一季度)
/// with Microsoft.Recognizers.Text.DateTime. A month without a year is the latest one not after the current month.
/// </summary>
public static partial class PeriodReader
{
    private static readonly DateTimeModel Chinese = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.Chinese).GetDateTimeModel());
    private static readonly DateTimeModel English = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.English).GetDateTimeModel());

    // The Chinese model reads 第一季度 but not the short 一季度 people write; the quarter is read here.
    [GeneratedRegex(@"(?:(?<year>\d{4})\s*年\s*)?第?(?<q>[一二三四1-4])\s*季度")]
    private static partial Regex ChineseQuarter();

    /// <summary>The months named, in order; null when the text names no month or quarter.</summary>
    public static IReadOnlyList<YearMonth>? Read(string text, DateOnly today)
    {
        var current = YearMonth.Of(today);
        if (ChineseQuarter().Match(text) is { Success: true } quarter)
        {
            var q = NumberReader.Read(quarter.Groups["q"].Value)!.Value;
            var year = quarter.Groups["year"].Success ? int.Parse(quarter.Groups["year"].Value) : today.Year;
            return QuarterMonths(year, q, current);
        }
        var reference = today.ToDateTime(TimeOnly.MinValue);
        foreach (var model in new[] { Chinese, English })
        {
            var results = RecognizerCulture.Invariant(() => model.Parse(text, reference));
            foreach (var result in results.Where(r => r.TypeName == "datetimeV2.daterange"))
            {
                var candidates = Resolution.Values(result)
                    .Select(v => (Start: DateOnly.TryParse(v.GetValueOrDefault("start"), out var s) ? s : (DateOnly?)null, End: DateOnly.TryParse(v.GetValueOrDefault("end"), out var e) ? e : (DateOnly?)null))
                    .Where(v => v.Start is not null && v.End is not null)
                    .ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }
                var chosen = candidates.Where(c => YearMonth.Of(c.Start!.Value) <= current).DefaultIfEmpty(candidates[0]).MaxBy(c => c.Start!.Value);
                var months = new List<YearMonth>();
                for (var m = YearMonth.Of(chosen.Start!.Value); m.FirstDay < chosen.End!.Value; m = m.AddMonths(1))
                {
                    months.Add(m);
                }
                return months.Count is > 0 and <= 12 ? months : null;
            }
        }
        return null;
    }

    private static List<YearMonth> QuarterMonths(int year, int quarter, YearMonth current)
    {
        var first = new YearMonth(year, (quarter - 1) * 3 + 1);
        if (first > current && year == current.Year)
        {
            first = first.AddMonths(-12); // 四季度 asked in March: last year's
        }
        return [first, first.AddMonths(1), first.AddMonths(2)];
    }
}
