using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// A task store that never loses a report to a passing failure: it wraps any <see cref="ITaskStore"/> and, when the inner
/// store's <see cref="ITaskStore.SubmitReportAsync"/> fails in a way <paramref name="isTransient"/> says a later retry may
/// get past (a timeout included, but not the caller's own cancellation), keeps the report in the durable
/// <see cref="ReportOutbox"/> and answers <see cref="ReportOutcome.Queued"/>. A report stored whose task update is
/// still pending is queued too, for <see cref="OutboxDrainer"/> to apply. Lookups by source also see the outbox.
/// Everything else is the inner store's.
/// </summary>
public sealed partial class OutboxTaskStore(ITaskStore inner, ReportOutbox outbox, Func<Exception, bool> isTransient, TimeProvider time, ILogger<OutboxTaskStore>? logger = null) : ITaskStore
{
    private readonly ILogger _logger = logger ?? NullLogger<OutboxTaskStore>.Instance;

    public async Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default)
    {
        ReportSubmission submission;
        try
        {
            submission = await inner.SubmitReportAsync(report, expectedTaskVersion, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && isTransient(e))
        {
            // The inner store's retries are spent, or the write timed out and may have landed: keep it; the drainer sends
            // it again until it is stored, and the source id makes a landed one count once.
            await outbox.EnqueueAsync(report, Describe(e), time.GetUtcNow(), cancellationToken);
            LogQueued(_logger, e, report.TaskNumber, report.SourceId);
            return new ReportSubmission(ReportOutcome.Queued, report, null);
        }
        if (submission is { TaskUpdatePending: true, Report: { } stored })
        {
            try
            {
                await outbox.EnqueueAsync(stored, "stored; its task update is pending", time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogRepairNotQueued(_logger, e, stored.TaskNumber, stored.SourceId); // the report is stored all the same
            }
        }
        else if (submission.Outcome is ReportOutcome.Stored or ReportOutcome.Duplicate && await PendingAsync(report.SourceId, cancellationToken) is not null)
        {
            // Queued earlier, landed now through another press of the same card: nothing is left for the drainer.
            await outbox.RemoveAsync(report.SourceId, cancellationToken);
        }
        return submission;
    }

    public async Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await inner.GetReportBySourceAsync(sourceId, cancellationToken) is { } stored)
            {
                return stored;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && isTransient(e))
        {
            if (await PendingAsync(sourceId, cancellationToken) is { } queued)
            {
                return queued;
            }
            throw;
        }
        return await PendingAsync(sourceId, cancellationToken);
    }

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) => inner.IsEmptyAsync(cancellationToken);

    public Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default) => inner.GetTaskAsync(number, cancellationToken);

    public Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
        inner.QueryTasksAsync(query, page, cancellationToken);

    public Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default) =>
        inner.ImportTasksAsync(tasks, cancellationToken);

    public Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
        inner.QueryReportsAsync(query, page, cancellationToken);

    public Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default) =>
        inner.FindPersonAsync(aadObjectId, upn, cancellationToken);

    public Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default) => inner.ListPeopleAsync(cancellationToken);

    public Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default) =>
        inner.UpsertPeopleAsync(people, cancellationToken);

    /// <summary>A report still waiting in the outbox (not one marked failed: that one was never saved).</summary>
    private async Task<ProgressReport?> PendingAsync(string sourceId, CancellationToken cancellationToken) =>
        await outbox.FindAsync(sourceId, cancellationToken) is { Failed: false } queued ? queued.Report : null;

    internal static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report on task {TaskNumber} could not be saved to the store; kept in the outbox, source {SourceId}")]
    private static partial void LogQueued(ILogger logger, Exception exception, int taskNumber, string sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report on task {TaskNumber} is stored (source {SourceId}) but neither its task update nor its repair could be queued")]
    private static partial void LogRepairNotQueued(ILogger logger, Exception exception, int taskNumber, string sourceId);
}
