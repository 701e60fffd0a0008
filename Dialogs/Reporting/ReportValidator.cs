using System.Globalization;
using System.Text.RegularExpressions;
using RectifyBot.Cards;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Dialogs.Reporting;

/// <summary>A report's values once they pass validation.</summary>
public sealed record ReportValues(
    RectificationStatus Status, int Percent, string Summary, string NextSteps, IReadOnlyList<int> MeasuresDone,
    string ExpectedText, DateOnly? Expected, IReadOnlyList<string> Evidence, string Reason);

/// <summary>The values, or the message for each field that is wrong (keyed by <see cref="ReportFields"/> ids).</summary>
public sealed record ReportValidation(ReportValues? Values, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Values is not null;
}

/// <summary>Checks a report's fields against its task and the task's last report. Pure: the same input, the same answer.</summary>
public static partial class ReportValidator
{
    public const int MaxReason = 500;
    public const int MaxLinks = 20;

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z!][^<>]*>|\[[^\]]*\]\([^)]*\)|""\s*type\s*""\s*:\s*""(?:AdaptiveCard|Action\.|TextBlock|Input\.)|\$\{[^}]*\}", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    public static ReportValidation Validate(ReportFields fields, RectificationTask task, ProgressReport? last, DateOnly today, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var errors = new Dictionary<string, string>();

        RectificationStatus? status = StatusReader.Read(fields.Status);
        if (status is null || !ReportFormCard.StatusChoices.Contains(status.Value))
        {
            errors[ReportFields.StatusId] = T("error.status");
        }

        int? percent = PercentOf(fields.Percent);
        if (percent is null)
        {
            errors[ReportFields.PercentId] = T("error.percent");
        }
        else if (status == RectificationStatus.Completed && percent != 100)
        {
            errors[ReportFields.PercentId] = T("error.completedNot100");
        }
        else if (status == RectificationStatus.NotStarted && percent != 0)
        {
            errors[ReportFields.PercentId] = T("error.notStartedNot0");
        }
        else if (last is not null && percent < last.PercentComplete && fields.Reason.Trim().Length == 0)
        {
            errors[ReportFields.ReasonId] = T("error.reasonNeeded", last.PercentComplete, percent);
        }

        var summary = fields.Summary.Trim();
        if (summary.Length == 0)
        {
            errors[ReportFields.SummaryId] = T("error.summaryRequired");
        }
        CheckText(ReportFields.SummaryId, summary, ReportFormCard.MaxSummary);
        CheckText(ReportFields.NextStepsId, fields.NextSteps.Trim(), ReportFormCard.MaxSummary);
        CheckText(ReportFields.ReasonId, fields.Reason.Trim(), MaxReason);
        CheckText(ReportFields.ExpectedId, fields.Expected.Trim(), 100);

        var measures = new List<int>();
        foreach (var part in fields.MeasuresDone.Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (NumberReader.Read(part) is { } n && n >= 1 && n <= task.Measures.Count)
            {
                measures.Add(n);
            }
            else
            {
                errors[ReportFields.MeasuresDoneId] = T("error.measures", task.Measures.Count);
                break;
            }
        }

        DateOnly? expected = null;
        var expectedText = fields.Expected.Trim();
        if (expectedText.Length > 0 && !errors.ContainsKey(ReportFields.ExpectedId))
        {
            expected = QuantityReader.ReadDate(expectedText, today);
            if (expected is null)
            {
                errors[ReportFields.ExpectedId] = T("error.date", expectedText);
            }
        }

        var links = fields.Evidence.Split(['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (links.Length > MaxLinks)
        {
            errors[ReportFields.EvidenceId] = T("error.tooManyLinks", MaxLinks);
        }
        else if (links.FirstOrDefault(l => !IsWebLink(l)) is { } bad)
        {
            errors[ReportFields.EvidenceId] = T("error.link", bad.Length > 80 ? bad[..80] + "…" : bad);
        }

        if (errors.Count > 0)
        {
            return new ReportValidation(null, errors);
        }
        return new ReportValidation(
            new ReportValues(status!.Value, percent!.Value, summary, fields.NextSteps.Trim(), measures.Distinct().Order().ToList(), expectedText, expected, links, fields.Reason.Trim()),
            errors);

        void CheckText(string id, string text, int max)
        {
            if (errors.ContainsKey(id))
            {
                return;
            }
            if (text.Length > max)
            {
                errors[id] = T("error.tooLong", text.Length, max);
            }
            else if (Markup().IsMatch(text))
            {
                errors[id] = T("error.markup");
            }
        }
    }

    /// <summary>A whole percent 0–100 from 60, 60%, 60.0, 百分之六十 or 六成; null otherwise.</summary>
    public static int? PercentOf(string text)
    {
        var trimmed = text.Trim().TrimEnd('%', '％').Trim();
        double? number = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : QuantityReader.ReadPercent(text)?.Value ?? NumberReader.Read(trimmed);
        return number is { } n && n >= 0 && n <= 100 && n == Math.Floor(n) ? (int)n : null;
    }

    private static bool IsWebLink(string text) =>
        text.Length <= 2000 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;
}

/// <summary>A status as written: the enum name, or its words in either language (推进中, 滞后, in progress, done).</summary>
public static class StatusReader
{
    private static readonly (RectificationStatus Status, string[] Words)[] Words =
    [
        (RectificationStatus.NotStarted, ["未启动", "尚未启动", "没启动", "还没开始", "未开始", "not started", "not yet started", "notstarted"]),
        (RectificationStatus.InProgress, ["推进中", "进行中", "正在推进", "在推进", "整改中", "in progress", "inprogress", "ongoing", "underway"]),
        (RectificationStatus.Completed, ["已完成", "已完成整改", "完成", "完成整改", "整改完成", "全部完成", "completed", "complete", "done", "finished"]),
        (RectificationStatus.Lagging, ["滞后", "落后", "延误", "进度滞后", "lagging", "behind", "delayed", "behind schedule"]),
    ];

    public static RectificationStatus? Read(string? text)
    {
        var trimmed = (text ?? "").Trim().TrimEnd('。', '.', '!', '！');
        if (Enum.TryParse<RectificationStatus>(trimmed, ignoreCase: false, out var named) && Enum.IsDefined(named) && !int.TryParse(trimmed, out _))
        {
            return named;
        }
        if (int.TryParse(trimmed, out var index) && index >= 1 && index <= ReportFormCard.StatusChoices.Count)
        {
            return ReportFormCard.StatusChoices[index - 1];
        }
        foreach (var (status, words) in Words)
        {
            if (words.Any(w => string.Equals(w, trimmed, StringComparison.OrdinalIgnoreCase)))
            {
                return status;
            }
        }
        return null;
    }

    /// <summary>A status word found anywhere in a sentence (for one-sentence reports), lagging and not-started first.</summary>
    public static RectificationStatus? Find(string sentence)
    {
        foreach (var status in new[] { RectificationStatus.Lagging, RectificationStatus.NotStarted, RectificationStatus.Completed, RectificationStatus.InProgress })
        {
            if (Words.First(w => w.Status == status).Words.Any(w => sentence.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return status;
            }
        }
        return null;
    }
}
