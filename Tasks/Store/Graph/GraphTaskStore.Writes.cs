using Microsoft.Extensions.Logging;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The Graph store's writes. None is atomic across items; each is idempotent: a report is created once per SourceId
/// (unique column), a task once per Number (unique column), and a task is written only with the eTag it was read with.
/// A write whose answer was lost (applied, then a 503 the SDK retried into a 409 or 412) is recognised by reading the
/// item back, not reported as a conflict.
/// </summary>
public sealed partial class GraphTaskStore
{
    /// <summary>
    /// Writes a task if its <see cref="RectificationTask.Version"/> is still the stored one; a stale write is refused.
    /// A <c>412</c> with the same version (an answer lost, or another write between read and write) reads and tries again.
    /// </summary>
    public async Task<TaskWrite> UpdateTaskAsync(RectificationTask task, CancellationToken cancellationToken = default)
    {
        var outcome = await _conflicts.ExecuteAsync(async token =>
        {
            if (await FreshTaskAsync(task.Number, token) is not { } current)
            {
                return Write.Done(new TaskWrite(TaskWriteOutcome.NotFound, null));
            }
            var written = task with { Version = task.Version + 1 };
            if (current.Task.Version == written.Version && current.Task.HasSamePlanAs(written)
                && (current.Task.Status, current.Task.PercentComplete, current.Task.LastReportAt) == (written.Status, written.PercentComplete, written.LastReportAt))
            {
                return Write.Done(new TaskWrite(TaskWriteOutcome.Written, written)); // our write landed; its answer was lost
            }
            if (current.Task.Version != task.Version)
            {
                return Write.Done(new TaskWrite(TaskWriteOutcome.Stale, current.Task));
            }
            return await lists.UpdateAsync(GraphLists.Tasks, current.Item.Id, GraphItemMapping.TaskToFields(written), current.Item.ETag, token)
                ? Write.Done(new TaskWrite(TaskWriteOutcome.Written, written))
                : Write.Conflict<TaskWrite>();
        }, cancellationToken);
        _tasks.Invalidate();
        return outcome.Value!;
    }

    /// <summary>
    /// Adds new tasks and updates the plan fields of existing ones, task by task (not one transaction: an import that
    /// stops half way is completed by running it again). Progress (status, percent, last report) is kept.
    /// </summary>
    public async Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default)
    {
        var existing = (await TasksAsync(cancellationToken, refresh: true)).ToDictionary(t => t.Task.Number);
        List<int> added = [], updated = [], unchanged = [];
        foreach (var task in tasks)
        {
            if (!existing.TryGetValue(task.Number, out var found))
            {
                var fresh = task with { Status = RectificationStatus.NotStarted, PercentComplete = 0, LastReportAt = null, Version = 1 };
                if (await lists.CreateAsync(GraphLists.Tasks, GraphItemMapping.TaskToFields(fresh), cancellationToken) is not null)
                {
                    added.Add(task.Number);
                    continue;
                }
                // 409 on the unique Number: our own create whose answer was lost (the SDK sent it again), or a task
                // added meanwhile. Ours when it holds this plan; otherwise it is updated as an existing task.
                if (await FreshTaskAsync(task.Number, cancellationToken) is { } landed && landed.Task.HasSamePlanAs(task))
                {
                    added.Add(task.Number);
                    continue;
                }
            }
            else if (found.Task.HasSamePlanAs(task))
            {
                unchanged.Add(task.Number);
                continue;
            }
            await UpdatePlanAsync(task, cancellationToken);
            updated.Add(task.Number);
        }
        _tasks.Invalidate();
        return new TaskImportOutcome(added, updated, unchanged);
    }

    /// <summary>Stores a report and applies it to its task: two writes, each idempotent (see the type's summary).</summary>
    public async Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default)
    {
        if (await FindReportAsync(report.SourceId, cancellationToken) is { } first)
        {
            // Stored before: by this very submission (sent again), or an earlier one from the same source.
            return await AppliedAsync(first.Id == report.Id ? ReportOutcome.Stored : ReportOutcome.Duplicate, first, null, cancellationToken);
        }
        var task = await FreshTaskAsync(report.TaskNumber, cancellationToken);
        if (task is null)
        {
            return new ReportSubmission(ReportOutcome.TaskNotFound, null, null);
        }
        if (expectedTaskVersion is { } expected && expected != task.Value.Task.Version)
        {
            // The caller's copy may come from the cache, outdated by another instance or an edit in Lists: its next read goes to Graph.
            _tasks.Invalidate();
            return new ReportSubmission(ReportOutcome.StaleTask, null, task.Value.Task);
        }
        if (await lists.CreateAsync(GraphLists.Reports, GraphItemMapping.ReportToFields(report), cancellationToken) is null)
        {
            // 409 on the unique SourceId. The item holds this report's id when it is our own create whose answer was
            // lost (the SDK sent it again); another id is a true repeat from the same source.
            InvalidateReports();
            var stored = await FindReportAsync(report.SourceId, cancellationToken)
                ?? throw new InvalidOperationException($"Graph answered 409 for report source {report.SourceId} but has no item with it.");
            return await AppliedAsync(stored.Id == report.Id ? ReportOutcome.Stored : ReportOutcome.Duplicate, stored, null, cancellationToken);
        }
        InvalidateReports();
        LogStored(_logger, report.TaskNumber, report.SourceId);
        return await AppliedAsync(ReportOutcome.Stored, report, task, cancellationToken);
    }

    public async Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default) =>
        await FindReportAsync(sourceId, cancellationToken);

    public async Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default)
    {
        var existing = await PeopleAsync(cancellationToken, refresh: true);
        List<Person> added = [], updated = [], unchanged = [];
        foreach (var person in people)
        {
            var found = existing.FirstOrDefault(p => (person.AadObjectId is not null && p.Person.AadObjectId == person.AadObjectId)
                || (person.Upn is not null && string.Equals(p.Person.Upn, person.Upn, StringComparison.OrdinalIgnoreCase)));
            if (found.Item is null)
            {
                await lists.CreateAsync(GraphLists.People, GraphItemMapping.PersonToFields(person), cancellationToken);
                added.Add(person);
            }
            else
            {
                // An id or UPN left out of the update is kept, as the embedded store does.
                var merged = person with { AadObjectId = person.AadObjectId ?? found.Person.AadObjectId, Upn = person.Upn ?? found.Person.Upn };
                if (merged == found.Person)
                {
                    unchanged.Add(merged);
                    continue;
                }
                await lists.UpdateAsync(GraphLists.People, found.Item.Id, GraphItemMapping.PersonToFields(merged), found.Item.ETag, cancellationToken);
                updated.Add(merged);
            }
        }
        _people.Invalidate();
        return new PeopleOutcome(added, updated, unchanged);
    }

    /// <summary>
    /// The report is stored: applies it to its task. Nothing that fails from here on changes the outcome; the task
    /// update is then marked pending (<see cref="ReportSubmission.TaskUpdatePending"/>) for the caller to repair.
    /// </summary>
    private async Task<ReportSubmission> AppliedAsync(ReportOutcome outcome, ProgressReport report, (GraphItem Item, RectificationTask Task)? justRead, CancellationToken cancellationToken)
    {
        try
        {
            return new ReportSubmission(outcome, report, await ApplyAsync(report, justRead, cancellationToken));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogApplyPending(_logger, e, report.TaskNumber, report.SourceId);
            return new ReportSubmission(outcome, report, null) { TaskUpdatePending = true };
        }
    }

    /// <summary>
    /// Brings the task up to a stored report (status, percent, last report) unless a newer report is already applied.
    /// Reports on one task never fail each other: a <c>412</c> reads the task again and reapplies (the change is
    /// recomputed from the report), for as long as <see cref="GraphStoreOptions.ApplyBudgetSeconds"/> allows.
    /// </summary>
    private async Task<RectificationTask?> ApplyAsync(ProgressReport report, (GraphItem Item, RectificationTask Task)? justRead, CancellationToken cancellationToken)
    {
        var outcome = await _conflicts.ExecuteAsync(async token =>
        {
            // The first attempt may use the task just read (its eTag guards the write); a 412 reads it again.
            var current = justRead ?? await FreshTaskAsync(report.TaskNumber, token);
            justRead = null;
            if (current is not { } found)
            {
                return Write.Done<RectificationTask?>(null);
            }
            var task = found.Task;
            if (task.Status == RectificationStatus.SignedOff || task.LastReportAt is { } last && report.ReportedAt < last || task.LastReportAt == report.ReportedAt && task.Status == report.Status && task.PercentComplete == report.PercentComplete)
            {
                return Write.Done<RectificationTask?>(task); // signed off (closed), a newer report is applied, or this one already is
            }
            var applied = task with { Status = report.Status, PercentComplete = report.PercentComplete, LastReportAt = report.ReportedAt, Version = task.Version + 1 };
            return await lists.UpdateAsync(GraphLists.Tasks, found.Item.Id, GraphItemMapping.ProgressToFields(applied), found.Item.ETag, token)
                ? Write.Done<RectificationTask?>(applied)
                : Write.Conflict<RectificationTask?>();
        }, cancellationToken);
        _tasks.Invalidate();
        return outcome.Value;
    }

    /// <summary>Writes a task's plan fields, keeping its progress; a 412 reads it again (it may already hold them).</summary>
    private async Task UpdatePlanAsync(RectificationTask task, CancellationToken cancellationToken) =>
        await _conflicts.ExecuteAsync(async token =>
        {
            if (await FreshTaskAsync(task.Number, token) is not { } found)
            {
                throw new InvalidOperationException($"Task {task.Number} disappeared from the list while importing; import again.");
            }
            if (found.Task.HasSamePlanAs(task))
            {
                return Write.Done(found.Task);
            }
            var merged = task with { Status = found.Task.Status, PercentComplete = found.Task.PercentComplete, LastReportAt = found.Task.LastReportAt, Version = found.Task.Version + 1 };
            return await lists.UpdateAsync(GraphLists.Tasks, found.Item.Id, GraphItemMapping.TaskToFields(merged), found.Item.ETag, token)
                ? Write.Done(merged)
                : Write.Conflict<RectificationTask>();
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report on task {TaskNumber} stored in Graph, source {SourceId}")]
    private static partial void LogStored(ILogger logger, int taskNumber, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report on task {TaskNumber} is stored (source {SourceId}) but its task could not be updated yet; the update is pending")]
    private static partial void LogApplyPending(ILogger logger, Exception exception, int taskNumber, string sourceId);
}
