namespace RectifyBot.Tasks.Model;

/// <summary>
/// A leader's decision on a task reported completed (待销号): signed off (已销号), or sent back to the unit with a reason
/// (退回). Kept for good: who decided, when, on which report and which version of the task.
/// </summary>
public sealed record SignOffDecision
{
    public required string Id { get; init; }
    public required int TaskNumber { get; init; }
    public required SignOffVerdict Verdict { get; init; }

    /// <summary>The leader's key (AAD object id, else UPN) and name, from the directory.</summary>
    public required string DeciderId { get; init; }

    public required string DeciderName { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>Why it was sent back (required then); a note, or empty, when signed off.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The completion report the leader judged (the task's newest when the card was built).</summary>
    public string ReportId { get; init; } = "";

    /// <summary>The task's version the leader saw: the decision holds only if the task is still completed at this version.</summary>
    public required long TaskVersion { get; init; }

    /// <summary>The card action it came from; the same source is never decided twice.</summary>
    public required string SourceId { get; init; }

    /// <summary>The status the decision gives the task: signed off, or back in progress.</summary>
    public RectificationStatus Result => Verdict == SignOffVerdict.SignedOff ? RectificationStatus.SignedOff : RectificationStatus.InProgress;
}

public enum SignOffVerdict
{
    /// <summary>已销号: completion accepted.</summary>
    SignedOff,
    /// <summary>退回: not accepted; the task is back in progress and the unit is told why.</summary>
    SentBack,
}
