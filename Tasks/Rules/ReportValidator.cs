using System.Globalization;
using System.Text.RegularExpressions;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Tasks.Rules;

/// <summary>Why a field was refused: a message code (the words live with the cards, in both languages) and its arguments.</summary>
public sealed record FieldError(string Code, params object?[] Args);

/// <summary>A field's value once it passes its check, or why it did not.</summary>
public readonly record struct Checked<T>(T Value, FieldError? Error)
{
    public bool IsValid => Error is null;

    public static Checked<T> Ok(T value) => new(value, null);

    public static Checked<T> Fail(string code, params object?[] args) => new(default!, new FieldError(code, args));
}

/// <summary>A report's values once they pass validation.</summary>
public sealed record ReportValues(
    RectificationStatus Status, int Percent, string Summary, string NextSteps, IReadOnlyList<int> MeasuresDone,
    string ExpectedText, DateOnly? Expected, IReadOnlyList<string> Evidence, string Reason);

/// <summary>The values, or the error of each field that is wrong (keyed by <see cref="ReportFields"/> ids).</summary>
public sealed record ReportValidation(ReportValues? Values, IReadOnlyDictionary<string, FieldError> Errors)
{
    public bool IsValid => Values is not null;
}

/// <summary>
/// Checks a report, field by field: each check is a pure function of what was typed and what it depends on (the task,
/// the last report, today), used alike by the form, the one-sentence report and the text conversation. Free text is
/// normalized (<see cref="FreeText"/>); invisible characters, markup and text over the limits are refused.
/// </summary>
public static partial class ReportValidator
{
    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z!][^<>]*>|\[[^\]]*\]\([^)]*\)|""\s*type\s*""\s*:\s*""(?:AdaptiveCard|Action\.|TextBlock|Input\.)|\$\{[^}]*\}", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    /// <param name="longTerm">The task is long-term: "长期坚持, ongoing" are its completion for now (<see cref="StatusReader.Read"/>).</param>
    public static Checked<RectificationStatus> Status(string text, bool longTerm = false) =>
        StatusReader.Read(text, longTerm) is { } status ? Checked<RectificationStatus>.Ok(status) : Checked<RectificationStatus>.Fail("status");

    /// <summary>A whole percent 0–100 that fits the status: 100 when completed, 0 when not started.</summary>
    public static Checked<int> Percent(string text, RectificationStatus? status) => PercentOf(text) switch
    {
        null => Checked<int>.Fail("percent"),
        not 100 when status == RectificationStatus.Completed => Checked<int>.Fail("completedNot100"),
        not 0 when status == RectificationStatus.NotStarted => Checked<int>.Fail("notStartedNot0"),
        var percent => Checked<int>.Ok(percent.Value),
    };

    /// <summary>A reason, required when the percent goes below the last report's.</summary>
    public static Checked<string> Reason(string text, int percent, int? lastPercent)
    {
        var reason = Text(text, ReportRules.MaxReason);
        if (reason.IsValid && reason.Value.Length == 0 && percent < lastPercent)
        {
            return Checked<string>.Fail("reasonNeeded", lastPercent, percent);
        }
        return reason;
    }

    /// <summary>Required: text with at least one letter or digit (zero-width characters and spaces alone are not a summary).</summary>
    public static Checked<string> Summary(string text) =>
        FreeText.HasContent(FreeText.Normalize(text)) ? Text(text, ReportRules.MaxSummary) : Checked<string>.Fail("summaryRequired");

    public static Checked<string> NextSteps(string text) => Text(text, ReportRules.MaxNextSteps);

    /// <summary>Numbers of measures done (1 to the task's count), as digits or Chinese numerals, separated by commas or spaces.</summary>
    public static Checked<IReadOnlyList<int>> Measures(string text, int measureCount)
    {
        var measures = new List<int>();
        foreach (var part in FreeText.Normalize(text).Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (NumberReader.Read(part) is not { } n || n < 1 || n > measureCount)
            {
                return Checked<IReadOnlyList<int>>.Fail("measures", measureCount);
            }
            measures.Add(n);
        }
        return Checked<IReadOnlyList<int>>.Ok(measures.Distinct().Order().ToList());
    }

    /// <summary>An expected completion date the date recognizer reads, within <paramref name="range"/>; empty is allowed.</summary>
    public static Checked<(string Text, DateOnly? Date)> Expected(string text, DateOnly today, (DateOnly From, DateOnly To) range)
    {
        var checkedText = Text(text, ReportRules.MaxExpected);
        if (!checkedText.IsValid)
        {
            return new((checkedText.Value ?? "", null), checkedText.Error);
        }
        var expectedText = checkedText.Value;
        if (expectedText.Length == 0)
        {
            return Checked<(string, DateOnly?)>.Ok(("", null));
        }
        if (QuantityReader.ReadDate(expectedText, today) is not { } date)
        {
            return Checked<(string, DateOnly?)>.Fail("date", expectedText);
        }
        if (date < range.From || date > range.To)
        {
            return Checked<(string, DateOnly?)>.Fail("dateRange", expectedText, range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return Checked<(string, DateOnly?)>.Ok((expectedText, date));
    }

    /// <summary>Evidence links, one per line or space: http(s) only, at most <see cref="ReportRules.MaxLinks"/>.</summary>
    public static Checked<IReadOnlyList<string>> Evidence(string text)
    {
        var checkedText = Text(text, ReportRules.MaxEvidence, markup: false);
        if (!checkedText.IsValid)
        {
            return new([], checkedText.Error);
        }
        var links = checkedText.Value.Split(['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (links.Length > ReportRules.MaxLinks)
        {
            return Checked<IReadOnlyList<string>>.Fail("tooManyLinks", ReportRules.MaxLinks);
        }
        return links.FirstOrDefault(l => !IsWebLink(l)) is { } bad
            ? Checked<IReadOnlyList<string>>.Fail("link", bad.Length > 80 ? bad[..80] + "…" : bad)
            : Checked<IReadOnlyList<string>>.Ok(links);
    }

    /// <summary>The whole report against its task and the task's last report: every field's check, and each error by field.</summary>
    public static ReportValidation Validate(ReportFields fields, RectificationTask task, ProgressReport? last, DateOnly today)
    {
        var errors = new Dictionary<string, FieldError>();
        T Keep<T>(string id, Checked<T> check)
        {
            if (check.Error is { } error)
            {
                errors[id] = error;
            }
            return check.Value;
        }
        var statusCheck = Status(fields.Status);
        var status = Keep(ReportFields.StatusId, statusCheck);
        var percentCheck = Percent(fields.Percent, statusCheck.IsValid ? status : null);
        var percent = Keep(ReportFields.PercentId, percentCheck);
        var reason = percentCheck.IsValid ? Keep(ReportFields.ReasonId, Reason(fields.Reason, percent, last?.PercentComplete)) : Keep(ReportFields.ReasonId, Text(fields.Reason, ReportRules.MaxReason));
        var summary = Keep(ReportFields.SummaryId, Summary(fields.Summary));
        var nextSteps = Keep(ReportFields.NextStepsId, NextSteps(fields.NextSteps));
        var measures = Keep(ReportFields.MeasuresDoneId, Measures(fields.MeasuresDone, task.Measures.Count));
        var expected = Keep(ReportFields.ExpectedId, Expected(fields.Expected, today, ReportRules.ExpectedDateRange(task, today)));
        var evidence = Keep(ReportFields.EvidenceId, Evidence(fields.Evidence));
        return errors.Count > 0
            ? new ReportValidation(null, errors)
            : new ReportValidation(new ReportValues(status, percent, summary, nextSteps, measures, expected.Text, expected.Date, evidence, reason), errors);
    }

    /// <summary>A whole percent 0–100 from 60, 60%, 60.0, 百分之六十 or 六成; null otherwise.</summary>
    public static int? PercentOf(string text)
    {
        var normalized = FreeText.Normalize(text);
        var trimmed = normalized.TrimEnd('%', '％').Trim();
        double? number = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : QuantityReader.ReadPercent(normalized)?.Value ?? NumberReader.Read(trimmed);
        return number is { } n && n >= 0 && n <= 100 && n == Math.Floor(n) ? (int)n : null;
    }

    /// <summary>Free text: normalized, within its limit, no invisible characters, no markup.</summary>
    private static Checked<string> Text(string text, int max, bool markup = true)
    {
        var normalized = FreeText.Normalize(text);
        if (normalized.Length > max)
        {
            return new(normalized, new FieldError("tooLong", normalized.Length, max));
        }
        if (FreeText.HasInvisible(normalized))
        {
            return new(normalized, new FieldError("invisible"));
        }
        if (markup && Markup().IsMatch(normalized))
        {
            return new(normalized, new FieldError("markup"));
        }
        return Checked<string>.Ok(normalized);
    }

    private static bool IsWebLink(string text) =>
        text.Length <= 2000 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;
}
