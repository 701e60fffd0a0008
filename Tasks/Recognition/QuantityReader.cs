using System.Globalization;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using Microsoft.Recognizers.Text.Number;

namespace RectifyBot.Tasks.Recognition;

/// <summary>Percentages (60%, 百分之六十, 六成, 60 percent) and spans of days (30天, 两个月, 30 days) read with Microsoft.Recognizers.Text.</summary>
public static class QuantityReader
{
    private static readonly IModel ChinesePercent = RecognizerCulture.Invariant(() => new NumberRecognizer(Culture.Chinese).GetPercentageModel());
    private static readonly IModel EnglishPercent = RecognizerCulture.Invariant(() => new NumberRecognizer(Culture.English).GetPercentageModel());
    private static readonly DateTimeModel ChineseDates = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.Chinese).GetDateTimeModel());
    private static readonly DateTimeModel EnglishDates = RecognizerCulture.Invariant(() => new DateTimeRecognizer(Culture.English).GetDateTimeModel());

    /// <summary>The first percentage in the text with where it was found, or null.</summary>
    public static (double Value, int Start, int Length)? ReadPercent(string text)
    {
        foreach (var model in new[] { ChinesePercent, EnglishPercent })
        {
            var result = RecognizerCulture.Invariant(() => model.Parse(text)).FirstOrDefault();
            if (result?.Resolution?.TryGetValue("value", out var value) == true
                && double.TryParse(value?.ToString()?.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                return (percent, result.Start, result.End - result.Start + 1);
            }
        }
        return null;
    }

    /// <summary>The first duration in the text, in whole days (a month counts 30), or null.</summary>
    public static int? ReadDays(string text)
    {
        foreach (var model in new[] { ChineseDates, EnglishDates })
        {
            var result = RecognizerCulture.Invariant(() => model.Parse(text)).FirstOrDefault(r => r.TypeName == "datetimeV2.duration");
            if (result is not null && Resolution.Values(result).FirstOrDefault()?.GetValueOrDefault("value") is { } seconds
                && double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                return (int)Math.Round(s / 86400);
            }
        }
        return null;
    }

    /// <summary>A date written in free text (2019年6月30日, 6月底, end of June, 下月底), read against today; null when none is found.</summary>
    public static DateOnly? ReadDate(string text, DateOnly today)
    {
        var reference = today.ToDateTime(TimeOnly.MinValue);
        foreach (var model in new[] { ChineseDates, EnglishDates })
        {
            foreach (var result in RecognizerCulture.Invariant(() => model.Parse(text, reference)))
            {
                var list = Resolution.Values(result);
                // Future-oriented: of the candidates (6月 this year or next), the first not before today.
                var dates = list.Select(v => result.TypeName switch
                {
                    "datetimeV2.date" => v.GetValueOrDefault("value"),
                    "datetimeV2.daterange" => v.GetValueOrDefault("end") is { } end && DateOnly.TryParse(end, CultureInfo.InvariantCulture, out var e) ? e.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    _ => null,
                }).Where(s => s is not null).Select(s => DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null).Where(d => d is not null).Select(d => d!.Value).ToList();
                if (dates.Count > 0)
                {
                    return dates.Where(d => d >= today).DefaultIfEmpty(dates.Max()).Min();
                }
            }
        }
        return null;
    }

    /// <summary>
    /// How many days ahead a message looks: a span (30天内, 两个月) or a range that starts now (the next 60 days, 未来两周) or
    /// holds today (这周, this month: what is left of it),
    /// in whole days; null when it names neither.
    /// </summary>
    public static int? ReadDaysAhead(string text, DateOnly today)
    {
        if (ReadDays(text) is { } days)
        {
            return days;
        }
        var reference = today.ToDateTime(TimeOnly.MinValue);
        foreach (var model in new[] { ChineseDates, EnglishDates })
        {
            foreach (var result in RecognizerCulture.Invariant(() => model.Parse(text, reference)).Where(r => r.TypeName == "datetimeV2.daterange"))
            {
                var range = Resolution.Values(result).FirstOrDefault();
                if (range is not null && DateOnly.TryParse(range.GetValueOrDefault("start"), CultureInfo.InvariantCulture, out var start)
                    && DateOnly.TryParse(range.GetValueOrDefault("end"), CultureInfo.InvariantCulture, out var end)
                    && start.DayNumber - today.DayNumber <= 1 && end > today)
                {
                    // "the next 60 days" starts tomorrow and lasts 60; "this week" started Monday and has what is left of it.
                    return start > today ? end.DayNumber - start.DayNumber : end.DayNumber - today.DayNumber;
                }
            }
        }
        return null;
    }
}
