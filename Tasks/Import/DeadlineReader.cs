using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Reads a deadline text (整改时限) with Microsoft.Recognizers.Text.DateTime, in Chinese and English.
/// A range ("2019 年 6 月底之前", "end of 2018", "2019年一季度", "H1 2019") means its last day; a point ("2019年6月30日前")
/// itself; several dates (staged deadlines) the latest. A year alone ("2019年", "2019年内") means its last day too.
/// A quarter or half without a year ("一季度", "上半年") is read in the reference date's year, even when that ends
/// before the reference date. What it cannot read, or reads only in part, is kept with kind <see cref="DeadlineKind.Unknown"/>.
/// </summary>
public sealed partial class DeadlineReader
{
    private readonly DateTimeModel _chinese;
    private readonly DateTimeModel _english;

    public DeadlineReader()
    {
        _chinese = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.Chinese).GetDateTimeModel());
        _english = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.English).GetDateTimeModel());
    }

    [GeneratedRegex(@"长期坚持|长期|持续推进|持续整改|持续开展|常态化|ongoing|long[- ]term|continuous", RegexOptions.IgnoreCase)]
    private static partial Regex LongTermWords();

    [GeneratedRegex(@"立行立改|立即整改|即知即改|立即|immediately|at once", RegexOptions.IgnoreCase)]
    private static partial Regex ImmediateWords();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    /// <summary>Spaces that PDF and Word extraction put inside dates ("2019 年 6 月底").</summary>
    [GeneratedRegex(@"(?<=[\d年月日底前初中])\s+(?=[\d年月日底前之初中])|(?<=\d)\s+(?=\d)")]
    private static partial Regex SpacesInDate();

    /// <summary>
    /// Quarters written without 第 ("2019年一季度", "1季度"): the Chinese recognizer reads only the year of them, so
    /// 第 is put in ("2019年第一季度"), which it reads as the quarter.
    /// </summary>
    [GeneratedRegex(@"(?<![第\d一二三四五六七八九十])([一二三四1-4])\s*季度")]
    private static partial Regex QuarterWithoutDi();

    /// <summary>
    /// What follows a year the recognizer read on its own, when that year stands for a period it did not read
    /// ("2019年初", "2019年中", "2019年1季度", "2019年5月" written oddly): then the year is not the deadline.
    /// </summary>
    [GeneratedRegex(@"^\s*年?\s*(?:年中|初|中|第|[0-9一二三四五六七八九十上下]+\s*(?:个?季|半年|月|旬)|[QH]\d|quarter|half)", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodAfterYear();

    /// <summary>A quarter's or half's timex: <c>(2019-01-01,2019-04-01,P3M)</c>.</summary>
    [GeneratedRegex(@"^\((?:\d{4}|XXXX)-\d{2}-\d{2},(?:\d{4}|XXXX)-\d{2}-\d{2},P[36]M\)$")]
    private static partial Regex QuarterOrHalf();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearTimex();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)")]
    private static partial Regex YearInText();

    /// <param name="text">The deadline text as the plan writes it.</param>
    /// <param name="reference">The date relative phrases are read against (the plan's date).</param>
    public Deadline Read(string text, DateOnly reference)
    {
        var original = text.Trim();
        var kind = LongTermWords().IsMatch(original) ? DeadlineKind.LongTerm
            : ImmediateWords().IsMatch(original) ? DeadlineKind.Immediate
            : DeadlineKind.Unknown;

        var date = LatestDate(original, reference);
        if (date is not null && kind == DeadlineKind.Unknown)
        {
            kind = DeadlineKind.Dated;
        }
        return new Deadline(date, original, kind);
    }

    private DateOnly? LatestDate(string text, DateOnly reference)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormKC);
        var chinese = Han().IsMatch(normalized);
        if (chinese)
        {
            // Only in Chinese: in English the space of "Q3 2019" is no extraction artefact.
            normalized = QuarterWithoutDi().Replace(SpacesInDate().Replace(normalized, ""), "第$1季度");
        }
        var model = chinese ? _chinese : _english;
        var results = RecognizerCulture.Invariant(() => model.Parse(normalized, reference.ToDateTime(TimeOnly.MinValue)));

        // The years the text names settle open years: a year that stands on its own ("by the end of June 2019" is read
        // as "end of June" + "2019"), or the year of another stage ("2019年二季度完成排查，三季度完成整治").
        var years = results.SelectMany(r => YearInText().Matches(r.Text)).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToHashSet();

        var dates = new List<DateOnly>();
        foreach (var result in results)
        {
            var candidates = Resolution.Values(result).Select(v => (Timex: v.GetValueOrDefault("timex") ?? "", Date: LastDay(v))).Where(c => c.Date is not null).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }
            if (candidates.Any(c => YearTimex().IsMatch(c.Timex)) && PeriodAfterYear().IsMatch(normalized[(result.End + 1)..]))
            {
                return null; // the year swallowed a period the recognizer did not read: not a deadline we can trust
            }
            // An open year: "6月底" or "Q1" (timex XXXX-…), or "第一季度" (offered in the past and the coming year).
            var open = candidates.Where(c => c.Timex.StartsWith("XXXX", StringComparison.Ordinal)).ToList();
            if (open.Count == 0 && candidates.Select(c => c.Date!.Value.Year).Distinct().Count() > 1)
            {
                open = candidates;
            }
            if (open.Count > 0)
            {
                // Take the candidate in the year the text names; a quarter or half named alone, in the reference year;
                // anything else is not a deadline we can trust.
                var inNamedYear = open.FirstOrDefault(c => years.Contains(c.Date!.Value.Year));
                var inReferenceYear = open.FirstOrDefault(c => QuarterOrHalf().IsMatch(c.Timex) && c.Date!.Value.Year == reference.Year);
                if ((inNamedYear.Date ?? (years.Count == 0 ? inReferenceYear.Date : null)) is { } d)
                {
                    dates.Add(d);
                }
                continue;
            }
            if (candidates.Count == 1 && YearTimex().IsMatch(candidates[0].Timex) && results.Count > 1 && years.Count == 1
                && results.Any(r => Resolution.Values(r).Any(v => (v.GetValueOrDefault("timex") ?? "").StartsWith("XXXX", StringComparison.Ordinal))))
            {
                continue; // the bare year that only completed another date
            }
            dates.Add(candidates.Max(c => c.Date!.Value));
        }
        return dates.Count > 0 ? dates.Max() : null;
    }

    /// <summary>
    /// The last day a resolution covers: a date itself, a range's day before its exclusive end, a "before X" point X.
    /// "Before" a quarter or half ("by Q1 2019", "2019年一季度前") means by its end, as plans use it, not before its start.
    /// </summary>
    private static DateOnly? LastDay(Dictionary<string, string> value)
    {
        var type = value.GetValueOrDefault("type");
        var timex = value.GetValueOrDefault("timex") ?? "";
        if (type == "date" && TryDate(value.GetValueOrDefault("value"), out var date))
        {
            return date;
        }
        if (type == "daterange" && value.GetValueOrDefault("Mod") == "before" && QuarterOrHalf().IsMatch(timex)
            && TryDate(value.GetValueOrDefault("end"), out var periodStart))
        {
            // The resolution ends where the period starts; the timex says how long the period is (P3M or P6M).
            var months = timex[^3] - '0';
            return periodStart.AddMonths(months).AddDays(-1);
        }
        if (type is "daterange" or "datetimerange" && TryDate(value.GetValueOrDefault("end"), out var end))
        {
            var pointBefore = value.GetValueOrDefault("sourceEntity") == "datetimepoint";
            return pointBefore ? end : end.AddDays(-1);
        }
        return null;
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
