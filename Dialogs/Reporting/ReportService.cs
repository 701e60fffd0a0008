using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Reporting;

public enum SubmitOutcome
{
    Saved,
    /// <summary>The same source (card, flow) was stored before; nothing new was written.</summary>
    AlreadySaved,
    /// <summary>A field is wrong; nothing was written.</summary>
    Invalid,
    TaskNotFound,
    /// <summary>The store failed or kept changing under us; nothing was written and the user is told so.</summary>
    NotSaved,
    /// <summary>The shared store could not be written; the report waits in the durable outbox and is saved when it can be.</summary>
    Queued,
}

public sealed record SubmitResult(SubmitOutcome Outcome, ProgressReport? Report, RectificationTask? Task, ProgressReport? LastReport)
{
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Validates and stores a progress report, once per source: the report and its task's update are one store transaction.
/// When the task changed since it was read (another report landed), the report is validated again against the new
/// state and written if it still holds.
/// </summary>
public sealed partial class ReportService(ITaskStore store, TimeProvider time, ILogger<ReportService> logger)
{
    private const int Attempts = 3;

    public async Task<SubmitResult> SubmitAsync(Person person, bool onBehalf, int taskNumber, ReportFields fields, string sourceId, Language language, CancellationToken cancellationToken)
    {
        try
        {
            if (await FindFirstAsync(sourceId, cancellationToken) is { } first)
            {
                return new SubmitResult(SubmitOutcome.AlreadySaved, first, await store.GetTaskAsync(first.TaskNumber, cancellationToken), null);
            }
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var task = await store.GetTaskAsync(taskNumber, cancellationToken);
                if (task is null)
                {
                    return new SubmitResult(SubmitOutcome.TaskNotFound, null, null, null);
                }
                var last = await store.LastReportAsync(taskNumber, cancellationToken);
                var today = PlanClock.Today(time);
                var validation = ReportValidator.Validate(fields, task, last, today, language);
                if (validation.Values is not { } values)
                {
                    return new SubmitResult(SubmitOutcome.Invalid, null, task, last) { Errors = validation.Errors };
                }
                var report = new ProgressReport
                {
                    Id = Guid.NewGuid().ToString("N"),
                    TaskNumber = taskNumber,
                    Unit = person.Unit,
                    ReporterId = person.Key,
                    ReporterName = person.Name,
                    ReportedAt = time.GetUtcNow(),
                    Period = YearMonth.Of(today).ToString(),
                    Status = values.Status,
                    PercentComplete = values.Percent,
                    Summary = values.Summary,
                    NextSteps = values.NextSteps,
                    Evidence = values.Evidence,
                    MeasuresDone = values.MeasuresDone,
                    ExpectedCompletionText = values.ExpectedText,
                    ExpectedCompletion = values.Expected,
                    Reason = values.Reason,
                    OnBehalf = onBehalf,
                    SourceId = sourceId,
                };
                var submission = await store.SubmitReportAsync(report, task.Version, cancellationToken);
                switch (submission.Outcome)
                {
                    case ReportOutcome.Stored:
                        LogStored(logger, taskNumber, person.Key, person.Unit, values.Percent, sourceId);
                        return new SubmitResult(SubmitOutcome.Saved, submission.Report, submission.Task, last);
                    case ReportOutcome.Duplicate:
                        return new SubmitResult(SubmitOutcome.AlreadySaved, submission.Report, submission.Task, last);
                    case ReportOutcome.TaskNotFound:
                        return new SubmitResult(SubmitOutcome.TaskNotFound, null, null, null);
                    case ReportOutcome.Queued:
                        return new SubmitResult(SubmitOutcome.Queued, submission.Report, task, last);
                }
                // StaleTask: another write landed between our read and our write; read again and re-validate.
            }
            LogNotSaved(logger, null, taskNumber, person.Key, "the task kept changing");
            return new SubmitResult(SubmitOutcome.NotSaved, null, null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotSaved(logger, e, taskNumber, person.Key, e.GetType().Name);
            return new SubmitResult(SubmitOutcome.NotSaved, null, null, null);
        }
    }

    /// <summary>A report stored (or queued) before from this source; if the store cannot say, its submit checks again.</summary>
    private async Task<ProgressReport?> FindFirstAsync(string sourceId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetReportBySourceAsync(sourceId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLookupFailed(logger, e, sourceId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up report source {SourceId}; the store checks it again on submit")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report stored: task {TaskNumber} by {UserId} of {Unit}, {Percent}%, source {SourceId}")]
    private static partial void LogStored(ILogger logger, int taskNumber, string userId, string unit, int percent, string sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report on task {TaskNumber} by {UserId} was not saved: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, Exception? exception, int taskNumber, string userId, string reason);
}
