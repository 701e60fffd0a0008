using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The task store on SharePoint lists through Microsoft Graph (see <see cref="GraphLists"/>). Tasks and people are read
/// whole and kept for <see cref="GraphStoreOptions.CacheSeconds"/> (served stale if Graph fails, so a report in progress
/// can still be validated); reports are filtered on the server by task or period. Graph has no transaction across list
/// items, so every write is made idempotent instead: keyed by a unique column (a report's SourceId, a task's Number),
/// task writes guarded by the item's eTag, and safe to send again when an answer was lost (see the partial
/// <c>GraphTaskStore.Writes.cs</c>). Reports it cannot take are the caller's to keep (<see cref="OutboxTaskStore"/>,
/// told what is transient by <see cref="IsTransient"/>).
/// </summary>
public sealed partial class GraphTaskStore(GraphListClient lists, UnitMatcher matcher, GraphStoreOptions options, TimeProvider time, ILogger<GraphTaskStore>? logger = null) : ITaskStore
{
    private static readonly string[] TaskFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Tasks).Columns.Select(c => c.Name)];
    private static readonly string[] ReportFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Reports).Columns.Select(c => c.Name)];
    private static readonly string[] PeopleFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.People).Columns.Select(c => c.Name)];

    private readonly ILogger _logger = logger ?? NullLogger<GraphTaskStore>.Instance;
    private readonly ResiliencePipeline _conflicts = GraphConflicts.Pipeline(options, time);
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
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e) && cache.Value is { } stale)
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

    /// <summary>
    /// Failures a later retry may get past: throttling after the SDK's retries, server errors, timeouts (an
    /// <see cref="HttpClient"/> timeout is a <see cref="TaskCanceledException"/>: callers tell it from their own
    /// cancellation by their token), network. Anything else (400, 403, a report Graph refuses) is permanent.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
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
