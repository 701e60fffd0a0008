using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The task store on SharePoint lists through Microsoft Graph (see <see cref="GraphLists"/>). Tasks and people are read
/// whole and kept for <see cref="GraphStoreOptions.CacheSeconds"/> (served stale if Graph fails, so a report in progress
/// can still be validated); reports are filtered on the server by task or period. Task writes carry the item's eTag;
/// a report is keyed by its unique SourceId column, and one that cannot be saved goes to the durable outbox.
/// </summary>
public sealed partial class GraphTaskStore(GraphListClient lists, UnitMatcher matcher, GraphStoreOptions options, TimeProvider time, ReportOutbox? outbox = null, ILogger<GraphTaskStore>? logger = null) : ITaskStore
{
    private const int WriteAttempts = 5;
    private static readonly string[] TaskFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Tasks).Columns.Select(c => c.Name)];
    private static readonly string[] ReportFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Reports).Columns.Select(c => c.Name)];
    private static readonly string[] PeopleFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.People).Columns.Select(c => c.Name)];

    private readonly ILogger _logger = logger ?? NullLogger<GraphTaskStore>.Instance;
    private readonly Cached<List<(GraphItem Item, RectificationTask Task)>> _tasks = new();
    private readonly Cached<List<(GraphItem Item, Person Person)>> _people = new();
    private readonly Dictionary<string, Cached<List<ProgressReport>>> _reports = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        (await TasksAsync(cancellationToken)).Count == 0 && (await PeopleAsync(cancellationToken)).Count == 0;

    public async Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default) =>
        (await TasksAsync(cancellationToken)).FirstOrDefault(t => t.Task.Number == number).Task;

    public async Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var all = (await TasksAsync(cancellationToken)).Select(t => t.Task)
            .Where(t => query.Unit is null || matcher.RoleOf(t, query.Unit) is not null)
            .Where(t => query.OverdueAsOf is not { } day || RectificationRules.IsOverdue(t, day))
            .Where(t => query.DueIn is not { } month || RectificationRules.IsDueInMonth(t, month))
            .Where(t => !query.OpenOnly || RectificationRules.IsOpen(t))
            .Where(t => query.Section is null || t.Section == query.Section)
            .OrderBy(t => t.Number)
            .ToList();
        return Slice(all, page);
    }

    public async Task<TaskWrite> UpdateTaskAsync(RectificationTask task, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var current = await FreshTaskAsync(task.Number, cancellationToken);
            if (current is null)
            {
                return new TaskWrite(TaskWriteOutcome.NotFound, null);
            }
            if (current.Value.Task.Version != task.Version)
            {
                return new TaskWrite(TaskWriteOutcome.Stale, current.Value.Task);
            }
            var written = task with { Version = task.Version + 1 };
            if (await lists.UpdateAsync(GraphLists.Tasks, current.Value.Item.Id, GraphItemMapping.TaskToFields(written), current.Value.Item.ETag, cancellationToken))
            {
                _tasks.Invalidate();
                return new TaskWrite(TaskWriteOutcome.Written, written);
            }
            // 412: the item changed between our read and our write; read again and decide.
        }
        return new TaskWrite(TaskWriteOutcome.Stale, (await FreshTaskAsync(task.Number, cancellationToken))?.Task);
    }

    public async Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default)
    {
        var existing = (await TasksAsync(cancellationToken, refresh: true)).ToDictionary(t => t.Task.Number);
        List<int> added = [], updated = [], unchanged = [];
        foreach (var task in tasks)
        {
            if (!existing.TryGetValue(task.Number, out var found))
            {
                if (await lists.CreateAsync(GraphLists.Tasks, GraphItemMapping.TaskToFields(task with { Status = RectificationStatus.NotStarted, PercentComplete = 0, LastReportAt = null, Version = 1 }), cancellationToken) is null)
                {
                    throw new InvalidOperationException($"Task {task.Number} appeared on the list while importing; import again.");
                }
                added.Add(task.Number);
            }
            else if (found.Task.HasSamePlanAs(task))
            {
                unchanged.Add(task.Number);
            }
            else
            {
                // The plan's fields change; progress (status, percent, last report) is kept.
                var merged = task with { Status = found.Task.Status, PercentComplete = found.Task.PercentComplete, LastReportAt = found.Task.LastReportAt, Version = found.Task.Version + 1 };
                if (!await lists.UpdateAsync(GraphLists.Tasks, found.Item.Id, GraphItemMapping.TaskToFields(merged), found.Item.ETag, cancellationToken))
                {
                    throw new InvalidOperationException($"Task {task.Number} changed while importing; import again.");
                }
                updated.Add(task.Number);
            }
        }
        _tasks.Invalidate();
        return new TaskImportOutcome(added, updated, unchanged);
    }

    public async Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SubmitToGraphAsync(report, expectedTaskVersion, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && outbox is not null && IsTransient(e))
        {
            // The SDK's retries are spent (or the write timed out and may have landed): keep it; the outbox retries
            // it until it is stored, and the unique SourceId makes a landed one count once.
            await outbox.EnqueueAsync(report, e.GetType().Name + ": " + e.Message, time.GetUtcNow(), cancellationToken);
            LogQueued(_logger, e, report.TaskNumber, report.SourceId);
            return new ReportSubmission(ReportOutcome.Queued, report, null);
        }
    }

    /// <summary>Stores a report from the outbox: the same rules, without a version check (the user validated it then).</summary>
    public Task<ReportSubmission> SubmitQueuedAsync(ProgressReport report, CancellationToken cancellationToken = default) =>
        SubmitToGraphAsync(report, null, cancellationToken);

    public async Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await FindReportAsync(sourceId, cancellationToken) is { } stored)
            {
                return stored;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && outbox is not null && IsTransient(e))
        {
            if (await outbox.FindAsync(sourceId, cancellationToken) is { } queued)
            {
                return queued.Report;
            }
            throw;
        }
        return outbox is not null && await outbox.FindAsync(sourceId, cancellationToken) is { } pending ? pending.Report : null;
    }

    public async Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var filter = query.TaskNumber is { } number ? $"fields/TaskNumber eq {number}"
            : query.Period is { } period ? $"fields/Period eq {Literal(period)}"
            : null;
        var reports = await ReportsAsync(filter, cancellationToken);
        var matching = reports
            .Where(r => query.TaskNumber is null || r.TaskNumber == query.TaskNumber)
            .Where(r => query.Period is null || r.Period == query.Period)
            .Where(r => query.Unit is null || matcher.SameUnit(r.Unit, query.Unit))
            .ToList();
        return Slice(matching, page);
    }

    public async Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default)
    {
        var people = await PeopleAsync(cancellationToken);
        return (aadObjectId is null ? null : people.FirstOrDefault(p => p.Person.AadObjectId == aadObjectId).Person)
            ?? (upn is null ? null : people.FirstOrDefault(p => string.Equals(p.Person.Upn, upn, StringComparison.OrdinalIgnoreCase)).Person);
    }

    public async Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default) =>
        (await PeopleAsync(cancellationToken)).Select(p => p.Person).ToList();

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

    private async Task<ReportSubmission> SubmitToGraphAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken)
    {
        if (await FindReportAsync(report.SourceId, cancellationToken) is { } first)
        {
            // Stored before (a retry, or a write that timed out but landed): make sure its task shows it, store nothing.
            return new ReportSubmission(ReportOutcome.Duplicate, first, await ApplyAsync(first, cancellationToken));
        }
        var task = await FreshTaskAsync(report.TaskNumber, cancellationToken);
        if (task is null)
        {
            return new ReportSubmission(ReportOutcome.TaskNotFound, null, null);
        }
        if (expectedTaskVersion is { } expected && expected != task.Value.Task.Version)
        {
            return new ReportSubmission(ReportOutcome.StaleTask, null, task.Value.Task);
        }
        if (await lists.CreateAsync(GraphLists.Reports, GraphItemMapping.ReportToFields(report), cancellationToken) is null)
        {
            // 409 on the unique SourceId: another attempt stored it first.
            var stored = await FindReportAsync(report.SourceId, cancellationToken) ?? report;
            return new ReportSubmission(ReportOutcome.Duplicate, stored, await ApplyAsync(stored, cancellationToken));
        }
        InvalidateReports();
        LogStored(_logger, report.TaskNumber, report.SourceId);
        return new ReportSubmission(ReportOutcome.Stored, report, await ApplyAsync(report, cancellationToken, task));
    }

    /// <summary>
    /// Brings the task up to a stored report (status, percent, last report) unless a newer report is already applied;
    /// a 412 reloads and reapplies, since the change is recomputed from the report it never conflicts.
    /// </summary>
    private async Task<RectificationTask?> ApplyAsync(ProgressReport report, CancellationToken cancellationToken, (GraphItem Item, RectificationTask Task)? justRead = null)
    {
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            // The first attempt may use the task just read (its eTag guards the write); a 412 reads it again.
            var current = attempt == 0 && justRead is not null ? justRead : await FreshTaskAsync(report.TaskNumber, cancellationToken);
            if (current is not { } found)
            {
                return null;
            }
            if (found.Task.LastReportAt is { } last && report.ReportedAt < last || found.Task.LastReportAt == report.ReportedAt && found.Task.Status == report.Status && found.Task.PercentComplete == report.PercentComplete)
            {
                return found.Task; // a newer report is applied, or this one already is
            }
            var applied = found.Task with { Status = report.Status, PercentComplete = report.PercentComplete, LastReportAt = report.ReportedAt, Version = found.Task.Version + 1 };
            if (await lists.UpdateAsync(GraphLists.Tasks, found.Item.Id, GraphItemMapping.ProgressToFields(applied), found.Item.ETag, cancellationToken))
            {
                _tasks.Invalidate();
                return applied;
            }
        }
        throw new TimeoutException($"Task {report.TaskNumber} kept changing while a report was applied to it.");
    }

    private async Task<ProgressReport?> FindReportAsync(string sourceId, CancellationToken cancellationToken)
    {
        var found = await lists.QueryAsync(GraphLists.Reports, $"fields/SourceId eq {Literal(sourceId)}", ReportFields, false, cancellationToken);
        return found.Count > 0 ? GraphItemMapping.ReportFromFields(found[0].Fields) : null;
    }

    private async Task<(GraphItem Item, RectificationTask Task)?> FreshTaskAsync(int number, CancellationToken cancellationToken)
    {
        var found = await lists.QueryAsync(GraphLists.Tasks, $"fields/Number eq {number}", TaskFields, false, cancellationToken);
        return found.Count > 0 ? (found[0], GraphItemMapping.TaskFromFields(found[0].Fields)) : null;
    }

    private Task<List<(GraphItem Item, RectificationTask Task)>> TasksAsync(CancellationToken cancellationToken, bool refresh = false) =>
        LoadAsync(_tasks, refresh, async ct => (await lists.QueryAsync(GraphLists.Tasks, null, TaskFields, false, ct)).Select(i => (i, GraphItemMapping.TaskFromFields(i.Fields))).OrderBy(t => t.Item2.Number).ToList(), cancellationToken);

    private Task<List<(GraphItem Item, Person Person)>> PeopleAsync(CancellationToken cancellationToken, bool refresh = false) =>
        LoadAsync(_people, refresh, async ct => (await lists.QueryAsync(GraphLists.People, null, PeopleFields, false, ct)).Select(i => (i, GraphItemMapping.PersonFromFields(i.Fields))).Where(p => p.Item2 is not null).Select(p => (p.i, p.Item2!)).ToList(), cancellationToken);

    private Task<List<ProgressReport>> ReportsAsync(string? filter, CancellationToken cancellationToken)
    {
        Cached<List<ProgressReport>> cache;
        lock (_reports)
        {
            cache = _reports.TryGetValue(filter ?? "", out var c) ? c : _reports[filter ?? ""] = new();
        }
        return LoadAsync(cache, false, async ct => (await lists.QueryAsync(GraphLists.Reports, filter, ReportFields, false, ct))
            .Select(i => (Id: long.TryParse(i.Id, out var id) ? id : 0, Report: GraphItemMapping.ReportFromFields(i.Fields)))
            .OrderByDescending(r => r.Report.ReportedAt).ThenByDescending(r => r.Id).Select(r => r.Report).ToList(), cancellationToken);
    }

    private void InvalidateReports()
    {
        lock (_reports)
        {
            _reports.Clear();
        }
    }

    /// <summary>Serves a fresh cache; reloads an expired one; serves a stale one when Graph cannot answer.</summary>
    private async Task<T> LoadAsync<T>(Cached<T> cache, bool refresh, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) where T : class
    {
        var now = time.GetUtcNow();
        if (!refresh && cache.FreshAt(now, options.CacheSeconds) is { } fresh)
        {
            return fresh;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && cache.FreshAt(now, options.CacheSeconds) is { } loaded)
            {
                return loaded;
            }
            try
            {
                var value = await load(cancellationToken);
                cache.Set(value, time.GetUtcNow());
                return value;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e) && cache.Value is { } stale)
            {
                LogServedStale(_logger, e);
                return stale;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Failures a later retry may get past: throttling after the SDK's retries, server errors, timeouts, network.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError o => o.ResponseStatusCode is 429 or >= 500,
        Microsoft.Kiota.Abstractions.ApiException a => a.ResponseStatusCode is 429 or >= 500,
        AggregateException a => a.InnerExceptions.All(IsTransient) || a.InnerExceptions.Count == 0,
        HttpRequestException or TimeoutException or TaskCanceledException or IOException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    private static Page<T> Slice<T>(IReadOnlyList<T> all, PageRequest page)
    {
        var offset = int.TryParse(page.ContinuationToken, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var items = all.Skip(offset).Take(page.Size).ToList();
        var next = offset + items.Count;
        return new Page<T>(items, next < all.Count ? next.ToString(CultureInfo.InvariantCulture) : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report on task {TaskNumber} stored in Graph, source {SourceId}")]
    private static partial void LogStored(ILogger logger, int taskNumber, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report on task {TaskNumber} could not be saved to Graph; kept in the outbox, source {SourceId}")]
    private static partial void LogQueued(ILogger logger, Exception exception, int taskNumber, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph could not be read; serving the last copy")]
    private static partial void LogServedStale(ILogger logger, Exception exception);

    /// <summary>A value with the time it was read.</summary>
    private sealed class Cached<T> where T : class
    {
        private (T Value, DateTimeOffset At)? _entry;

        public T? Value => _entry?.Value;

        public T? FreshAt(DateTimeOffset now, int seconds) => _entry is { } e && now - e.At < TimeSpan.FromSeconds(seconds) ? e.Value : null;

        public void Set(T value, DateTimeOffset at) => _entry = (value, at);

        public void Invalidate() => _entry = _entry is { } e ? (e.Value, DateTimeOffset.MinValue) : null;
    }
}
