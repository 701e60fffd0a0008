using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Reads a deadline text (整改时限) with Microsoft.Recognizers.Text.DateTime, in Chinese and English.
/// A range ("2019 年 6 月底之前", "end of 2018") means its last day; a point ("2019年6月30日前") itself;
/// several dates (staged deadlines) the latest. What it cannot read is kept with kind <see cref="DeadlineKind.Unknown"/>.
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
        var normalized = SpacesInDate().Replace(text.Normalize(System.Text.NormalizationForm.FormKC), "");
        var model = Han().IsMatch(normalized) ? _chinese : _english;
        var results = RecognizerCulture.Invariant(() => model.Parse(normalized, reference.ToDateTime(TimeOnly.MinValue)));

        // A year that stands on its own ("by the end of June 2019" is read as "end of June" + "2019") settles open years.
        var years = results.SelectMany(Resolution.Values).Where(v => Regex.IsMatch(v.GetValueOrDefault("timex") ?? "", @"^\d{4}$"))
            .Select(v => int.Parse(v["timex"], CultureInfo.InvariantCulture)).ToHashSet();

        var dates = new List<DateOnly>();
        foreach (var result in results)
        {
            var candidates = Resolution.Values(result).Select(v => (Timex: v.GetValueOrDefault("timex") ?? "", Date: LastDay(v))).Where(c => c.Date is not null).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }
            var open = candidates.Where(c => c.Timex.StartsWith("XXXX", StringComparison.Ordinal)).ToList();
            if (open.Count > 0)
            {
                // An open year: take the candidate in the year the text names, else it is not a deadline we can trust.
                var inNamedYear = open.FirstOrDefault(c => years.Contains(c.Date!.Value.Year));
                if (inNamedYear.Date is { } d)
                {
                    dates.Add(d);
                }
                continue;
            }
            if (candidates.Count == 1 && Regex.IsMatch(candidates[0].Timex, @"^\d{4}$") && results.Count > 1 && years.Count == 1
                && results.Any(r => Resolution.Values(r).Any(v => (v.GetValueOrDefault("timex") ?? "").StartsWith("XXXX", StringComparison.Ordinal))))
            {
                continue; // the bare year that only completed another date
            }
            dates.Add(candidates.Max(c => c.Date!.Value));
        }
        return dates.Count > 0 ? dates.Max() : null;
    }


    /// <summary>The last day a resolution covers: a date itself, a range's day before its exclusive end, a "before X" point X.</summary>
    private static DateOnly? LastDay(Dictionary<string, string> value)
    {
        var type = value.GetValueOrDefault("type");
        if (type == "date" && TryDate(value.GetValueOrDefault("value"), out var date))
        {
            return date;
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
