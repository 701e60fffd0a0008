using System.Text.RegularExpressions;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Disclosure;

/// <summary>
/// What a public notice (整改情况公示) of one task says, and nothing more: the plan's own words (problem, goal, deadline,
/// measures, units, as published with the plan) and, from the progress reports, only their period, unit, status, percent
/// and summary. Reporter names and ids, evidence links, next steps, reasons, on-behalf flags and the bot's own records
/// (refused attempts, notices, send log) never enter this record, so the document built from it cannot show them.
/// </summary>
public sealed record DisclosureNotice
{
    public required int TaskNumber { get; init; }
    public required string Inspection { get; init; }
    public required string Problem { get; init; }
    public required string Goal { get; init; }
    public required string DeadlineText { get; init; }
    public required IReadOnlyList<string> Measures { get; init; }

    /// <summary>Lead units (牵头单位) and responsible units (责任单位) as the plan writes them.</summary>
    public required string LeadUnits { get; init; }
    public required string ResponsibleUnits { get; init; }

    /// <summary>Null when no report was filed on the task yet.</summary>
    public required DisclosureProgress? Progress { get; init; }

    /// <summary>The public period, both days included; the notice is dated its first day.</summary>
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required string Office { get; init; }

    /// <summary>
    /// The notice of a task from the store, or null when the store has no such task. Reads every report on the task
    /// (all pages) and keeps the public part of each.
    /// </summary>
    public static async Task<DisclosureNotice?> FromStoreAsync(ITaskStore store, int taskNumber, DateOnly from, DateOnly to, string office, string inspection,
        CancellationToken cancellationToken = default)
    {
        var task = await store.GetTaskAsync(taskNumber, cancellationToken);
        if (task is null)
        {
            return null;
        }
        var reports = new List<ProgressReport>();
        var page = PageRequest.First;
        while (true)
        {
            var result = await store.QueryReportsAsync(new ReportQuery { TaskNumber = taskNumber }, page, cancellationToken);
            reports.AddRange(result.Items);
            if (!result.HasMore)
            {
                break;
            }
            page = page with { ContinuationToken = result.ContinuationToken };
        }
        return new DisclosureNotice
        {
            TaskNumber = task.Number,
            Inspection = inspection,
            Problem = task.Problem,
            Goal = task.Goal,
            DeadlineText = task.Deadline.Text,
            Measures = task.Measures,
            LeadUnits = task.LeadUnits.Text,
            ResponsibleUnits = task.ResponsibleUnits.Text,
            Progress = DisclosureProgress.From(reports),
            From = from,
            To = to,
            Office = office,
        };
    }
}

/// <summary>The public part of a task's reports: where the latest one stands, when the task was completed, and each period's account.</summary>
public sealed partial record DisclosureProgress(
    RectificationStatus Status, int PercentComplete, DateOnly AsOf, string LatestSummary, DateOnly? CompletedOn, IReadOnlyList<DisclosureEntry> History)
{
    /// <summary>Null for no reports. The latest report is the newest by report time; the history is in period order, the last report of each unit and period.</summary>
    public static DisclosureProgress? From(IEnumerable<ProgressReport> reports)
    {
        var ordered = reports.OrderBy(r => r.ReportedAt).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }
        var latest = ordered[^1];
        DateOnly? completedOn = null;
        if (IsDone(latest.Status))
        {
            // The first report of the final run of completed ones: a task reopened and completed again counts from the second time.
            var first = ordered.Count - 1;
            while (first > 0 && IsDone(ordered[first - 1].Status))
            {
                first--;
            }
            completedOn = PlanClock.ToPlanDate(ordered[first].ReportedAt);
        }
        var history = ordered
            .GroupBy(r => (r.Period, r.Unit))
            .Select(g => g.Last())
            .OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.ReportedAt)
            .Select(r => new DisclosureEntry(r.Period, r.Unit, PublicText(r.Summary)))
            .Where(e => e.Summary.Length > 0)
            .ToList();
        return new DisclosureProgress(latest.Status, latest.PercentComplete, PlanClock.ToPlanDate(latest.ReportedAt), PublicText(latest.Summary), completedOn, history);
    }

    private static bool IsDone(RectificationStatus status) => status is RectificationStatus.Completed or RectificationStatus.SignedOff;

    /// <summary>
    /// A summary as it may be published: links removed. Evidence is never disclosed (its links point at internal systems
    /// such as SharePoint or the e-government network, and even an http(s) address may be an unpublished file), so a link
    /// a reporter typed into the summary text is dropped too. Everything else is the unit's own wording.
    /// </summary>
    public static string PublicText(string summary) => Spaces().Replace(Links().Replace(summary, ""), " ").Trim();

    // A link ends at white space or at punctuation that closes the sentence around it (full-width or a bracket).
    [GeneratedRegex(@"(?:(?:https?|ftp|file)://|www\.|\\\\)[^\s（）()【】《》〈〉「」，。；、！？“”‘’<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Links();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}

/// <summary>One unit's account for one reporting month (<c>yyyy-MM</c>).</summary>
public sealed record DisclosureEntry(string Period, string Unit, string Summary);
