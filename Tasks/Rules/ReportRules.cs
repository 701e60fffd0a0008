using System.Text.RegularExpressions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Rules;

/// <summary>What a progress report may say: the statuses a reporter chooses from and the limits of each field.</summary>
public static class ReportRules
{
    public const int MaxSummary = 2000;
    public const int MaxNextSteps = 2000;
    public const int MaxReason = 500;
    public const int MaxExpected = 100;
    public const int MaxEvidence = 2000;
    public const int MaxLinks = 20;

    /// <summary>The statuses a reporter may choose; sign-off (销号) is the coordination office's.</summary>
    public static readonly IReadOnlyList<RectificationStatus> StatusChoices =
        [RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.Completed, RectificationStatus.Lagging];

    /// <summary>
    /// The dates an expected completion may fall on: the plan's years around the task — from the year before the
    /// earlier of today and the task's deadline to five years after the later. 1900-01-01 or 2999 are typing slips.
    /// </summary>
    public static (DateOnly From, DateOnly To) ExpectedDateRange(RectificationTask task, DateOnly today)
    {
        var deadline = task.Deadline.Date ?? today;
        var first = Math.Min(today.Year, deadline.Year) - 1;
        var last = Math.Max(today.Year, deadline.Year) + 5;
        return (new DateOnly(first, 1, 1), new DateOnly(last, 12, 31));
    }
}

/// <summary>A status as written: the enum name, its place in <see cref="ReportRules.StatusChoices"/>, or its words in either language.</summary>
public static partial class StatusReader
{
    /// <summary>未完成, 尚未全部完成, 没有完成, not yet completed, not done, incomplete: a completion denied, which is no completion.</summary>
    [GeneratedRegex(@"(?:未|没有?|尚未|并未|还没有?|还未|不能|无法)\s*(?:全部|完全)?\s*(?:整改)?\s*完成|not\s+(?:yet\s+)?(?:fully\s+|entirely\s+)?(?:completed?|done|finished)|\bincomplete\b|\bunfinished\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotCompleted();

    /// <summary>未完成但达到序时进度, 按序时推进, on schedule, on track: in progress as planned.</summary>
    [GeneratedRegex(@"序时进度|按序时|按期推进|按计划推进|on schedule|on track|as planned", RegexOptions.IgnoreCase)]
    private static partial Regex OnSchedule();

    /// <summary>
    /// 长期坚持, 持续推进, 常态化, ongoing, long-term: work that goes on. For a long-term task (长期坚持) it is its completion —
    /// done for now and still reported monthly; for any other task it is work in progress.
    /// </summary>
    [GeneratedRegex(@"长期坚持|持续推进|持续开展|常态化|\bongoing\b|\blong[- ]term\b|\bcontinuing\b|\bsustained\b", RegexOptions.IgnoreCase)]
    private static partial Regex GoesOn();

    private static readonly (RectificationStatus Status, string[] Words)[] Words =
    [
        (RectificationStatus.NotStarted, ["未启动", "尚未启动", "没启动", "还没开始", "未开始", "not started", "not yet started", "notstarted"]),
        (RectificationStatus.InProgress, ["推进中", "进行中", "正在推进", "在推进", "整改中", "in progress", "inprogress", "ongoing", "underway"]),
        (RectificationStatus.Completed, ["已完成", "已完成整改", "完成", "完成整改", "整改完成", "全部完成", "已销号", "completed", "complete", "done", "finished"]),
        (RectificationStatus.Lagging, ["滞后", "落后", "延误", "进度滞后", "整改滞后", "lagging", "behind", "delayed", "behind schedule"]),
    ];

    /// <summary>A status a reporter may choose, or null.</summary>
    /// <param name="longTerm">The task is long-term (长期坚持): "ongoing" words are then its completion, not work in progress.</param>
    public static RectificationStatus? Read(string? text, bool longTerm = false)
    {
        var trimmed = FreeText.Normalize(text).TrimEnd('。', '.', '!', '！');
        if (trimmed.Length > 0 && GoesOn().Match(trimmed) is { Success: true } goesOn && goesOn.Length == trimmed.Length)
        {
            return longTerm ? RectificationStatus.Completed : RectificationStatus.InProgress;
        }
        if (Enum.TryParse<RectificationStatus>(trimmed, ignoreCase: false, out var named) && Enum.IsDefined(named) && !int.TryParse(trimmed, out _))
        {
            return ReportRules.StatusChoices.Contains(named) ? named : null;
        }
        if (int.TryParse(trimmed, out var index) && index >= 1 && index <= ReportRules.StatusChoices.Count)
        {
            return ReportRules.StatusChoices[index - 1];
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

    /// <summary>
    /// A status word found anywhere in a sentence (for one-sentence reports), lagging and not-started first. A completion
    /// denied (未完成但达到序时进度, not yet completed) is not one: such a sentence, or one saying the work is on schedule, is
    /// in progress. 已销号 written by a unit reads as completed: signing off is the leaders' act, not the unit's.
    /// </summary>
    /// <param name="longTerm">
    /// The task is long-term (长期坚持): a sentence saying the work goes on (长期坚持, 持续推进, ongoing) is its completion,
    /// done for now and still reported monthly; for any other task such a sentence is in progress. Lagging words come first.
    /// </param>
    public static RectificationStatus? Find(string sentence, bool longTerm = false)
    {
        var denied = NotCompleted().IsMatch(sentence);
        var affirmed = NotCompleted().Replace(sentence, " ");
        if (GoesOn().IsMatch(affirmed) && !Words.First(w => w.Status == RectificationStatus.Lagging).Words.Any(w => affirmed.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return longTerm && !denied ? RectificationStatus.Completed : RectificationStatus.InProgress;
        }
        foreach (var status in new[] { RectificationStatus.Lagging, RectificationStatus.NotStarted, RectificationStatus.Completed, RectificationStatus.InProgress })
        {
            if (Words.First(w => w.Status == status).Words.Any(w => affirmed.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return status;
            }
        }
        return denied || OnSchedule().IsMatch(sentence) ? RectificationStatus.InProgress : null;
    }
}
