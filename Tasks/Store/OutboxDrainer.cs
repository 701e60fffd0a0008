using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// Saves the reports waiting in the outbox through the inner store (the one <see cref="OutboxTaskStore"/> wraps): each
/// is submitted again without a version check (the user's report was validated when it was accepted). A landed one is
/// found by its source id and counts once; a stored one whose task update was pending gets it applied. A report the store
/// refuses for good (a permanent error, its task gone) is kept, marked failed with the reason, logged at Error, and the
/// pass goes on to the next; a transient failure ends the pass (the store is still unwell) and it runs again later. A
/// landed report is appended to the audit trail as delivered, by its reporter, keyed by its source as a report stored at
/// once would be: one entry per report, whichever path stored it.
/// </summary>
public sealed partial class OutboxDrainer(ITaskStore inner, ReportOutbox outbox, Func<Exception, bool> isTransient, ILogger<OutboxDrainer>? logger = null, AuditTrail? audit = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<OutboxDrainer>.Instance;

    /// <summary>One pass over the outbox, oldest first; returns how many reports landed.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var landed = 0;
        foreach (var queued in await outbox.PendingAsync(cancellationToken))
        {
            var report = queued.Report;
            ReportSubmission submission;
            try
            {
                submission = await inner.SubmitReportAsync(report, null, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && isTransient(e))
            {
                await outbox.RecordFailureAsync(report.SourceId, OutboxTaskStore.Describe(e), final: false, cancellationToken);
                LogStillFailing(_logger, e, report.SourceId, queued.Attempts + 1);
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await outbox.RecordFailureAsync(report.SourceId, OutboxTaskStore.Describe(e), final: true, cancellationToken);
                LogRefused(_logger, e, report.SourceId, report.TaskNumber, e.Message);
                continue;
            }
            switch (submission)
            {
                case { Outcome: ReportOutcome.TaskNotFound }:
                    await outbox.RecordFailureAsync(report.SourceId, $"task {report.TaskNumber} not found", final: true, cancellationToken);
                    LogRefused(_logger, null, report.SourceId, report.TaskNumber, "its task no longer exists");
                    continue;
                case { TaskUpdatePending: true }:
                    await outbox.RecordFailureAsync(report.SourceId, "stored; its task update is still pending", final: false, cancellationToken);
                    LogStillFailing(_logger, null, report.SourceId, queued.Attempts + 1);
                    continue;
            }
            await outbox.RemoveAsync(report.SourceId, cancellationToken);
            LogLanded(_logger, report.SourceId, queued.Attempts);
            if (audit is not null)
            {
                var stored = submission.Report ?? report;
                await audit.RecordAsync(new AuditActor(report.ReporterId, report.ReporterName), AuditActions.ReportDelivered, report.TaskNumber, stored.Id,
                    $"delivered from the outbox ({queued.Attempts} failed attempts); {AuditTrail.ReportDetails(stored)}", key: AuditTrail.ReportKey(report.SourceId), cancellationToken: cancellationToken);
            }
            landed++;
        }
        return landed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued report {SourceId} saved after {Attempts} attempts")]
    private static partial void LogLanded(ILogger logger, string sourceId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued report {SourceId} still cannot be saved (attempt {Attempts})")]
    private static partial void LogStillFailing(ILogger logger, Exception? exception, string sourceId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued report {SourceId} on task {TaskNumber} was refused by the store and will not be retried: {Reason}. It is kept in the outbox, marked failed; an administrator must look at it")]
    private static partial void LogRefused(ILogger logger, Exception? exception, string sourceId, int taskNumber, string reason);
}
