using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// Leaders' sign-off decisions (销号 / 退回), kept in the task store. A decision is written only while its task is still
/// completed (awaiting sign-off) at the version the leader saw, and sets the task's status with it: signed off, or back in
/// progress. SQLite: one transaction. Graph: the decision item (unique per source and per task version), then the task
/// with its eTag; a retry after a failure between the two completes it.
/// </summary>
public interface ISignOffStore
{
    /// <summary>
    /// Records the decision and applies it to its task. The decision's source id is its key: a second decision from the
    /// same source writes nothing and answers <see cref="SignOffOutcome.Duplicate"/> with the first (the same decision,
    /// same <see cref="SignOffDecision.Id"/>, sent again answers <see cref="SignOffOutcome.Decided"/>). A task not
    /// completed any more (signed off or sent back by another leader, reported again) is refused with its current state
    /// and the latest decision on it.
    /// </summary>
    Task<SignOffResult> DecideAsync(SignOffDecision decision, CancellationToken cancellationToken = default);

    /// <summary>The decisions on a task, oldest first.</summary>
    Task<IReadOnlyList<SignOffDecision>> QuerySignOffsAsync(int taskNumber, CancellationToken cancellationToken = default);
}

public enum SignOffOutcome
{
    /// <summary>Recorded and applied: the task is signed off, or back in progress.</summary>
    Decided,
    /// <summary>A decision from the same source was recorded before; nothing was written.</summary>
    Duplicate,
    /// <summary>The task is not awaiting sign-off (not completed: already signed off, sent back, or reported again); nothing was written.</summary>
    NotAwaiting,
    /// <summary>The task is completed but changed since the leader saw it (a newer report); nothing was written.</summary>
    Stale,
    TaskNotFound,
}

/// <param name="Decision">Decided: the decision; Duplicate: the first one from the source; NotAwaiting: the latest on the task, if any.</param>
/// <param name="Task">The task as it is now.</param>
public sealed record SignOffResult(SignOffOutcome Outcome, SignOffDecision? Decision, RectificationTask? Task);

public static class SignOffStoreExtensions
{
    /// <summary>The decision that signed the task off, when it is signed off: the latest one signing off.</summary>
    public static async Task<SignOffDecision?> SignedOffByAsync(this ISignOffStore store, RectificationTask task, CancellationToken cancellationToken = default) =>
        task.Status == RectificationStatus.SignedOff
            ? (await store.QuerySignOffsAsync(task.Number, cancellationToken)).LastOrDefault(d => d.Verdict == SignOffVerdict.SignedOff)
            : null;
}
