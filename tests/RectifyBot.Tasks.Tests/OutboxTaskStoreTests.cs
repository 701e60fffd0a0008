using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>The outbox around a store that is not Graph (the embedded one, failing on demand): it is store-agnostic.</summary>
public sealed class OutboxTaskStoreTests : IDisposable
{
    private readonly TempStore _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
    private readonly FailingStore _inner;
    private readonly ReportOutbox _outbox;
    private readonly OutboxTaskStore _store;

    public OutboxTaskStoreTests()
    {
        _inner = new FailingStore(_temp.Store);
        _outbox = new ReportOutbox(Path.Combine(_temp.Folder, "outbox.db"));
        _store = new OutboxTaskStore(_inner, _outbox, e => e is SqliteException { SqliteErrorCode: 5 } or TaskCanceledException, _time);
    }

    [Fact]
    public async Task A_report_the_store_cannot_take_is_queued_found_by_its_source_and_lands_once()
    {
        await _temp.Store.ImportTasksAsync([Build.Task(3)]);
        _inner.Failure = () => new SqliteException("database is locked", 5);

        Assert.Equal(ReportOutcome.Queued, (await _store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), 1)).Outcome);
        Assert.Equal(60, (await _store.GetReportBySourceAsync("card:1"))!.PercentComplete);
        Assert.Null(await _temp.Store.GetReportBySourceAsync("card:1"));

        _inner.Failure = null;
        Assert.Equal(1, await new OutboxDrainer(_inner, _outbox, e => e is SqliteException).DrainAsync(default));
        Assert.Equal(ReportOutcome.Duplicate, (await _store.SubmitReportAsync(Build.Report(3, "card:1", percent: 70), null)).Outcome);
        Assert.Single((await _temp.Store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        Assert.Equal(60, (await _temp.Store.GetTaskAsync(3))!.PercentComplete);
        Assert.Empty(await _outbox.PendingAsync());
    }

    [Fact]
    public async Task A_timeout_is_queued_but_the_callers_own_cancellation_is_not()
    {
        await _temp.Store.ImportTasksAsync([Build.Task(3)]);
        _inner.Failure = () => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");

        Assert.Equal(ReportOutcome.Queued, (await _store.SubmitReportAsync(Build.Report(3, "card:1"), null)).Outcome);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.SubmitReportAsync(Build.Report(3, "card:2"), null, cancelled.Token));
        Assert.Equal(["card:1"], (await _outbox.PendingAsync()).Select(q => q.Report.SourceId));
    }

    [Fact]
    public async Task A_failure_the_store_calls_permanent_is_not_queued()
    {
        await _temp.Store.ImportTasksAsync([Build.Task(3)]);
        _inner.Failure = () => new SqliteException("constraint failed", 19);

        await Assert.ThrowsAsync<SqliteException>(() => _store.SubmitReportAsync(Build.Report(3, "card:1"), null));
        Assert.Empty(await _outbox.PendingAsync());
        Assert.Null(await _store.GetReportBySourceAsync("card:1"));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The embedded store, whose report writes throw <see cref="Failure"/> while it is set.</summary>
    private sealed class FailingStore(SqliteTaskStore inner) : ITaskStore
    {
        public Func<Exception>? Failure { get; set; }

        public Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Failure is { } failure ? throw failure() : inner.SubmitReportAsync(report, expectedTaskVersion, cancellationToken);
        }

        public Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) => inner.IsEmptyAsync(cancellationToken);
        public Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default) => inner.GetTaskAsync(number, cancellationToken);
        public Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.QueryTasksAsync(query, page, cancellationToken);
        public Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default) => inner.ImportTasksAsync(tasks, cancellationToken);
        public Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default) => inner.GetReportBySourceAsync(sourceId, cancellationToken);
        public Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.QueryReportsAsync(query, page, cancellationToken);
        public Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default) => inner.FindPersonAsync(aadObjectId, upn, cancellationToken);
        public Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default) => inner.ListPeopleAsync(cancellationToken);
        public Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default) => inner.UpsertPeopleAsync(people, cancellationToken);
    }
}
