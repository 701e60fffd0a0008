using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The shared task store, as the bot uses it: tasks, progress reports and the directory of people. Implementations: the
/// embedded SQLite database (<see cref="SqliteTaskStore"/>: every write one transaction) and SharePoint lists through
/// Microsoft Graph (<see cref="Graph.GraphTaskStore"/>: no transaction across items; every write idempotent instead,
/// keyed by unique columns and safe to send again). <see cref="OutboxTaskStore"/> wraps either and keeps the reports it
/// could not take. Queries page with an opaque continuation token.
/// </summary>
public interface ITaskStore
{
    /// <summary>True when the store holds no task and no person (a first start).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default);

    Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default);

    /// <summary>Tasks matching the query, in task-number order, one page at a time.</summary>
    Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds new tasks (by number) and updates the plan fields of existing ones; progress and reports are kept. Running it
    /// again with the same tasks changes nothing. SQLite: one transaction. Graph: task by task; an import cut short is
    /// completed by running it again.
    /// </summary>
    Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a report and applies it to its task (a newer report is never rolled back). The report's source id is its
    /// key: a second submission from the same source stores nothing and answers <see cref="ReportOutcome.Duplicate"/>
    /// with the first; the same report (same <see cref="ProgressReport.Id"/>) sent again answers
    /// <see cref="ReportOutcome.Stored"/>. SQLite: one transaction. Graph: the report item, then the task; once the report
    /// is stored the outcome is <see cref="ReportOutcome.Stored"/> whatever happens to the task update
    /// (<see cref="ReportSubmission.TaskUpdatePending"/>).
    /// </summary>
    Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default);

    /// <summary>The report stored (or, through <see cref="OutboxTaskStore"/>, waiting to be stored) from this source.</summary>
    Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Reports matching the query, newest first, one page at a time.</summary>
    Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>The person with this AAD object id, else with this UPN (case-insensitive).</summary>
    Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds or updates people, keyed by AAD object id, else UPN. SQLite: one transaction. Graph: person by person.</summary>
    Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default);
}

public static class TaskStoreExtensions
{
    /// <summary>The newest report on a task, or null: the first item of its reports, newest first.</summary>
    public static async Task<ProgressReport?> LastReportAsync(this ITaskStore store, int taskNumber, CancellationToken cancellationToken = default) =>
        (await store.QueryReportsAsync(new ReportQuery { TaskNumber = taskNumber }, new PageRequest(1), cancellationToken)).Items.FirstOrDefault();
}

/// <summary>Filters for <see cref="ITaskStore.QueryTasksAsync"/>; all that are set must hold.</summary>
public sealed record TaskQuery
{
    public static readonly TaskQuery All = new();

    /// <summary>Tasks this unit leads or is responsible for, matched loosely (<see cref="Units.UnitMatcher"/>).</summary>
    public string? Unit { get; init; }

    /// <summary>Tasks overdue as of this date: deadline passed, not completed or signed off.</summary>
    public DateOnly? OverdueAsOf { get; init; }

    /// <summary>Tasks whose deadline falls in this month.</summary>
    public YearMonth? DueIn { get; init; }

    /// <summary>Only tasks still reported on (<see cref="RectificationRules.IsOpen"/>).</summary>
    public bool OpenOnly { get; init; }

    public string? Section { get; init; }
}

public sealed record ReportQuery
{
    public int? TaskNumber { get; init; }

    /// <summary>The reporting month, <c>yyyy-MM</c>.</summary>
    public string? Period { get; init; }

    public string? Unit { get; init; }
}

public sealed record PageRequest(int Size = 50, string? ContinuationToken = null)
{
    public static readonly PageRequest First = new();
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken)
{
    public bool HasMore => ContinuationToken is not null;
}

public enum TaskWriteOutcome
{
    Written,
    /// <summary>The task changed since it was read: reload and reapply.</summary>
    Stale,
    NotFound,
}

/// <summary>What a concrete store's <c>UpdateTaskAsync</c> did (not on <see cref="ITaskStore"/>: the bot never edits a task directly).</summary>
public sealed record TaskWrite(TaskWriteOutcome Outcome, RectificationTask? Task);

public enum ReportOutcome
{
    Stored,
    /// <summary>A report from the same source was stored before; nothing was written.</summary>
    Duplicate,
    /// <summary>The task changed since the reporter saw it; nothing was written.</summary>
    StaleTask,
    TaskNotFound,
    /// <summary>The shared store could not be written; the report is kept in the durable outbox and saved when it can be.</summary>
    Queued,
}

public sealed record ReportSubmission(ReportOutcome Outcome, ProgressReport? Report, RectificationTask? Task)
{
    /// <summary>
    /// The report is stored but its task could not be brought up to it yet (Graph: the task update failed after the report
    /// item was written); <see cref="Task"/> is then null. <see cref="OutboxTaskStore"/> queues the repair.
    /// </summary>
    public bool TaskUpdatePending { get; init; }
}

public sealed record TaskImportOutcome(IReadOnlyList<int> Added, IReadOnlyList<int> Updated, IReadOnlyList<int> Unchanged);

public sealed record PeopleOutcome(IReadOnlyList<Person> Added, IReadOnlyList<Person> Updated, IReadOnlyList<Person> Unchanged);

/// <summary>The bot's own conversation and user state, kept in the same store so a conversation survives a restart.</summary>
public interface IBotStateStore
{
    Task<IReadOnlyDictionary<string, StoredState>> ReadStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Every document whose key starts with <paramref name="prefix"/> (say, a month's reminder mutes), in one query.</summary>
    Task<IReadOnlyDictionary<string, StoredState>> ReadStateByPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes a state document; with an expected eTag, only if the stored one still has it. Returns the new eTag, or null on a conflict.</summary>
    Task<string?> WriteStateAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken = default);

    Task DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);
}

public sealed record StoredState(string Json, string ETag);
