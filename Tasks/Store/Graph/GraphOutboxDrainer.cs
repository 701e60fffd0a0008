using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Saves the reports waiting in the outbox: each is submitted again (a landed one is found by its unique SourceId and
/// counts once) and removed when stored. A report whose task no longer exists is kept, marked failed, and logged.
/// </summary>
public sealed partial class GraphOutboxDrainer(GraphTaskStore store, ReportOutbox outbox, ILogger<GraphOutboxDrainer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<GraphOutboxDrainer>.Instance;

    /// <summary>One pass over the outbox; returns how many reports landed.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var landed = 0;
        foreach (var queued in await outbox.PendingAsync(cancellationToken))
        {
            ReportSubmission submission;
            try
            {
                submission = await store.SubmitQueuedAsync(queued.Report, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && GraphTaskStore.IsTransient(e))
            {
                await outbox.RecordFailureAsync(queued.Report.SourceId, e.GetType().Name + ": " + e.Message, final: false, cancellationToken);
                LogStillFailing(_logger, queued.Report.SourceId, queued.Attempts + 1);
                break; // Graph is still unwell: try the rest on the next pass
            }
            if (submission.Outcome == ReportOutcome.TaskNotFound)
            {
                await outbox.RecordFailureAsync(queued.Report.SourceId, $"task {queued.Report.TaskNumber} not found", final: true, cancellationToken);
                LogOrphaned(_logger, queued.Report.SourceId, queued.Report.TaskNumber);
                continue;
            }
            await outbox.RemoveAsync(queued.Report.SourceId, cancellationToken);
            LogLanded(_logger, queued.Report.SourceId, queued.Attempts);
            landed++;
        }
        return landed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued report {SourceId} saved after {Attempts} attempts")]
    private static partial void LogLanded(ILogger logger, string sourceId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued report {SourceId} still cannot be saved (attempt {Attempts})")]
    private static partial void LogStillFailing(ILogger logger, string sourceId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued report {SourceId} is for task {TaskNumber}, which no longer exists; kept in the outbox, marked failed")]
    private static partial void LogOrphaned(ILogger logger, string sourceId, int taskNumber);
}
