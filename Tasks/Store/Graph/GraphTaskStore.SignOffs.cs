using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Sign-off decisions on Graph (<see cref="ISignOffStore"/>): two writes, each idempotent. First the decision item in the
/// SignOffs list, unique by SourceId (the card action) and by VersionKey (<c>task|version</c>): of leaders deciding the
/// same completed version at once, one create gets <c>201</c> and the others <c>409</c>, so one decision per completed
/// version is ever recorded. Then the task, with <c>If-Match</c> its eTag, from completed to the decision's status. A
/// failure between the two is completed by the next attempt with the same decision (or any attempt on that version).
/// </summary>
public sealed partial class GraphTaskStore : ISignOffStore
{
    private static readonly string[] SignOffFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.SignOffs).Columns.Select(c => c.Name)];

    public async Task<SignOffResult> DecideAsync(SignOffDecision decision, CancellationToken cancellationToken = default)
    {
        if (await FindSignOffAsync("SourceId", decision.SourceId, cancellationToken) is { } first)
        {
            return await RecordedAsync(first, first.Id == decision.Id ? SignOffOutcome.Decided : SignOffOutcome.Duplicate, cancellationToken);
        }
        if (await FreshTaskAsync(decision.TaskNumber, cancellationToken) is not { } found)
        {
            return new SignOffResult(SignOffOutcome.TaskNotFound, null, null);
        }
        if (found.Task.Status != RectificationStatus.Completed)
        {
            return new SignOffResult(SignOffOutcome.NotAwaiting, (await QuerySignOffsAsync(decision.TaskNumber, cancellationToken)).LastOrDefault(), found.Task);
        }
        if (found.Task.Version != decision.TaskVersion)
        {
            _tasks.Invalidate();
            return new SignOffResult(SignOffOutcome.Stale, null, found.Task);
        }
        if (await lists.CreateAsync(GraphLists.SignOffs, SignOffToFields(decision), cancellationToken) is null)
        {
            // 409: this decision's own create whose answer was lost (its source holds it), or another leader's decision
            // on the same version (its VersionKey holds it): that one is completed and stands.
            if (await FindSignOffAsync("SourceId", decision.SourceId, cancellationToken) is { } landed)
            {
                return await RecordedAsync(landed, landed.Id == decision.Id ? SignOffOutcome.Decided : SignOffOutcome.Duplicate, cancellationToken);
            }
            var other = await FindSignOffAsync("VersionKey", VersionKey(decision), cancellationToken)
                ?? throw new InvalidOperationException($"Graph answered 409 for the sign-off of task {decision.TaskNumber} but has no item with its source or version.");
            var (task, _) = await ApplySignOffAsync(other, cancellationToken);
            return new SignOffResult(SignOffOutcome.NotAwaiting, other, task);
        }
        LogSignOffRecorded(_logger, decision.TaskNumber, decision.Verdict, decision.SourceId);
        return await RecordedAsync(decision, SignOffOutcome.Decided, cancellationToken);
    }

    public async Task<IReadOnlyList<SignOffDecision>> QuerySignOffsAsync(int taskNumber, CancellationToken cancellationToken = default) =>
        [.. (await lists.QueryAsync(GraphLists.SignOffs, $"fields/TaskNumber eq {taskNumber}", SignOffFields, false, cancellationToken))
            .Select(i => (Id: long.TryParse(i.Id, out var id) ? id : 0, Decision: SignOffFromFields(i.Fields)))
            .OrderBy(d => d.Decision.At).ThenBy(d => d.Id)
            .Select(d => d.Decision)];

    /// <summary>A recorded decision: applied to its task now if it is not yet. One whose task moved on before it could be applied is stale.</summary>
    private async Task<SignOffResult> RecordedAsync(SignOffDecision recorded, SignOffOutcome outcome, CancellationToken cancellationToken)
    {
        var (task, applied) = await ApplySignOffAsync(recorded, cancellationToken);
        return applied || outcome == SignOffOutcome.Duplicate
            ? new SignOffResult(outcome, recorded, task)
            : new SignOffResult(SignOffOutcome.Stale, null, task);
    }

    /// <summary>
    /// Sets the task to the decision's status while it is completed at the decision's version (eTag-guarded; a 412 reads
    /// it again). Already there (this write landed before): applied. Moved on without it (a report came between): not applied.
    /// </summary>
    private async Task<(RectificationTask? Task, bool Applied)> ApplySignOffAsync(SignOffDecision decision, CancellationToken cancellationToken)
    {
        var outcome = await _conflicts.ExecuteAsync(async token =>
        {
            if (await FreshTaskAsync(decision.TaskNumber, token) is not { } found)
            {
                return Write.Done<(RectificationTask?, bool)>((null, false));
            }
            var task = found.Task;
            if (task.Version == decision.TaskVersion + 1 && task.Status == decision.Result)
            {
                return Write.Done<(RectificationTask?, bool)>((task, true));
            }
            if (task.Version != decision.TaskVersion || task.Status != RectificationStatus.Completed)
            {
                return Write.Done<(RectificationTask?, bool)>((task, false));
            }
            var decided = task with { Status = decision.Result, Version = task.Version + 1 };
            return await lists.UpdateAsync(GraphLists.Tasks, found.Item.Id, GraphItemMapping.ProgressToFields(decided), found.Item.ETag, token)
                ? Write.Done<(RectificationTask?, bool)>((decided, true))
                : Write.Conflict<(RectificationTask?, bool)>();
        }, cancellationToken);
        _tasks.Invalidate();
        return outcome.Value;
    }

    private async Task<SignOffDecision?> FindSignOffAsync(string column, string key, CancellationToken cancellationToken) =>
        await lists.FindByKeyAsync(GraphLists.SignOffs, column, key, SignOffFields, cancellationToken) is { } item && Text(item.Fields, column) == key
            ? SignOffFromFields(item.Fields)
            : null;

    private static string VersionKey(SignOffDecision d) => $"{d.TaskNumber.ToString(CultureInfo.InvariantCulture)}|{d.TaskVersion.ToString(CultureInfo.InvariantCulture)}";

    private static Dictionary<string, object?> SignOffToFields(SignOffDecision d) => new()
    {
        ["Title"] = $"{d.TaskNumber.ToString(CultureInfo.InvariantCulture)} {d.Verdict}",
        ["SourceId"] = d.SourceId,
        ["VersionKey"] = VersionKey(d),
        ["DecisionId"] = d.Id,
        ["TaskNumber"] = d.TaskNumber,
        ["Verdict"] = d.Verdict.ToString(),
        ["DeciderId"] = d.DeciderId,
        ["DeciderName"] = d.DeciderName,
        ["DecidedAt"] = WriteInstant(d.At),
        ["Reason"] = d.Reason,
        ["ReportId"] = d.ReportId,
        ["TaskVersion"] = d.TaskVersion,
    };

    private static SignOffDecision SignOffFromFields(IReadOnlyDictionary<string, JsonElement> f) => new()
    {
        Id = Text(f, "DecisionId"),
        TaskNumber = (int)(Number(f, "TaskNumber") ?? 0),
        Verdict = Enum.TryParse<SignOffVerdict>(Text(f, "Verdict"), out var verdict) ? verdict : SignOffVerdict.SentBack,
        DeciderId = Text(f, "DeciderId"),
        DeciderName = Text(f, "DeciderName"),
        At = Instant(f, "DecidedAt") ?? DateTimeOffset.MinValue,
        Reason = Text(f, "Reason"),
        ReportId = Text(f, "ReportId"),
        TaskVersion = Number(f, "TaskVersion") ?? 0,
        SourceId = Text(f, "SourceId"),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-off decision on task {TaskNumber} recorded in Graph: {Verdict}, source {SourceId}")]
    private static partial void LogSignOffRecorded(ILogger logger, int taskNumber, SignOffVerdict verdict, string sourceId);
}
