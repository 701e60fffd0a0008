using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RectifyBot.Dialogs.SignOff;
using RectifyBot.Dialogs.Telemetry;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Reporting;

public enum SubmitOutcome
{
    Saved,
    /// <summary>The same source (this person's card or flow) was stored before; nothing new was written.</summary>
    AlreadySaved,
    /// <summary>A field is wrong; nothing was written.</summary>
    Invalid,
    TaskNotFound,
    /// <summary>The person may not report on this task (checked again at every write); nothing was written.</summary>
    Refused,
    /// <summary>The store failed or kept changing under us; nothing was written and the user is told so.</summary>
    NotSaved,
    /// <summary>The shared store could not be written; the report waits in the durable outbox and is saved when it can be.</summary>
    Queued,
}

public sealed record SubmitResult(SubmitOutcome Outcome, ProgressReport? Report, RectificationTask? Task, ProgressReport? LastReport)
{
    /// <summary>With <see cref="SubmitOutcome.Invalid"/>: each refused field's error, by field id.</summary>
    public IReadOnlyDictionary<string, FieldError> Errors { get; init; } = new Dictionary<string, FieldError>();

    /// <summary>With <see cref="SubmitOutcome.Saved"/>: the task had changed (another report) since the person's form showed it.</summary>
    public bool ChangedSinceShown { get; init; }
}

/// <summary>
/// Validates and stores a progress report, once per source. The person's right to report on the task is checked here,
/// at the write, whatever was checked when the form or the flow began. Reports on one task are appended: when the task
/// changed since it was read (another report landed), the report is validated again against the new state and written
/// if it still holds, for as long as <see cref="StaleBudget"/> allows, so people reporting at once never fail each other.
/// </summary>
public sealed partial class ReportService
{
    /// <summary>How long a submission keeps re-reading a task that others keep changing.</summary>
    public static readonly TimeSpan StaleBudget = TimeSpan.FromSeconds(30);

    private static readonly ResiliencePropertyKey<long> Started = new("RectifyBot.SubmitStarted");

    private readonly ITaskStore _store;
    private readonly UnitMatcher _matcher;
    private readonly TimeProvider _time;
    private readonly ILogger<ReportService> _logger;
    private readonly AuditTrail _audit;
    private readonly ResiliencePipeline<SubmitResult?> _whileStale;
    private readonly SignOffRequests _signOffs;

    public ReportService(ITaskStore store, UnitMatcher matcher, TimeProvider time, AuditTrail audit, ILogger<ReportService> logger, SignOffRequests signOffs)
    {
        (_store, _matcher, _time, _audit, _logger, _signOffs) = (store, matcher, time, audit, logger, signOffs);
        // A null result is a stale task: read again. Waits are real time (a pinned or fake clock must not stall them).
        _whileStale = new ResiliencePipelineBuilder<SubmitResult?>()
            .AddRetry(new RetryStrategyOptions<SubmitResult?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result is null
                    && Stopwatch.GetElapsedTime(args.Context.Properties.GetValue(Started, 0L)) < StaleBudget),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromSeconds(1),
            })
            .Build();
    }

    /// <param name="shownVersion">The task's version when the form was shown, to tell the person if it changed since; reports are appended either way.</param>
    public async Task<SubmitResult> SubmitAsync(Person person, int taskNumber, ReportFields fields, string sourceId, CancellationToken cancellationToken, long? shownVersion = null)
    {
        try
        {
            if (await FindFirstAsync(sourceId, cancellationToken) is { } first)
            {
                return await RepeatAsync(first, cancellationToken);
            }
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(Started, Stopwatch.GetTimestamp());
            try
            {
                var result = await _whileStale.ExecuteAsync(
                    static (ctx, state) => new ValueTask<SubmitResult?>(state.Self.AttemptAsync(state.Person, state.TaskNumber, state.Fields, state.SourceId, state.ShownVersion, ctx.CancellationToken)),
                    context, (Self: this, Person: person, TaskNumber: taskNumber, Fields: fields, SourceId: sourceId, ShownVersion: shownVersion));
                if (result is not null)
                {
                    return result;
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            LogNotSaved(_logger, null, taskNumber, person.Key, "the task kept changing");
            return new SubmitResult(SubmitOutcome.NotSaved, null, null, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout is a TaskCanceledException too: it is the store's failure, not the caller's cancellation.
            LogNotSaved(_logger, e, taskNumber, person.Key, e.GetType().Name);
            return new SubmitResult(SubmitOutcome.NotSaved, null, null, null);
        }
    }

    /// <summary>One read-check-write; null when the task changed between the read and the write.</summary>
    private async Task<SubmitResult?> AttemptAsync(Person person, int taskNumber, ReportFields fields, string sourceId, long? shownVersion, CancellationToken cancellationToken)
    {
        var task = await _store.GetTaskAsync(taskNumber, cancellationToken);
        if (task is null)
        {
            return new SubmitResult(SubmitOutcome.TaskNotFound, null, null, null);
        }
        var right = ReportPermission.Check(person, task, _matcher);
        if (right == ReportRight.Refused)
        {
            LogRefused(_logger, person.Key, person.Unit, taskNumber);
            await RecordRefusedAsync(person, taskNumber, sourceId, cancellationToken);
            return new SubmitResult(SubmitOutcome.Refused, null, task, null);
        }
        var last = await _store.LastReportAsync(taskNumber, cancellationToken);
        var today = PlanClock.Today(_time);
        var validation = ReportValidator.Validate(fields, task, last, today);
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
            ReportedAt = _time.GetUtcNow(),
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
            OnBehalf = right == ReportRight.OnBehalf,
            SourceId = sourceId,
        };
        var submission = await _store.SubmitReportAsync(report, task.Version, cancellationToken);
        RectifyTelemetry.ReportSubmitted(submission.Outcome);
        switch (submission.Outcome)
        {
            case ReportOutcome.Stored:
                LogStored(_logger, taskNumber, person.Key, person.Unit, values.Percent, sourceId);
                await RecordStoredAsync(submission.Report ?? report, cancellationToken);
                await _signOffs.ReportStoredAsync(submission.Report!, submission.Task, cancellationToken); // a completion: the leaders' sign-off cards
                return new SubmitResult(SubmitOutcome.Saved, submission.Report, submission.Task, last) { ChangedSinceShown = shownVersion is { } shown && shown != task.Version };
            case ReportOutcome.Duplicate:
                return new SubmitResult(SubmitOutcome.AlreadySaved, submission.Report, submission.Task, last);
            case ReportOutcome.TaskNotFound:
                return new SubmitResult(SubmitOutcome.TaskNotFound, null, null, null);
            case ReportOutcome.Queued:
                return new SubmitResult(SubmitOutcome.Queued, submission.Report, task, last);
            default:
                return null; // StaleTask: another report landed between our read and our write
        }
    }

    /// <summary>
    /// The same source again (a second press, a redelivery): its first report, submitted again as a new submission —
    /// idempotent, since the source id is its key — so the answer is what is true now: stored before (a duplicate),
    /// still waiting in the outbox (queued; never "already saved" for a report that is not), or stored just now.
    /// </summary>
    private async Task<SubmitResult> RepeatAsync(ProgressReport first, CancellationToken cancellationToken)
    {
        var again = await _store.SubmitReportAsync(first with { Id = Guid.NewGuid().ToString("N") }, null, cancellationToken);
        RectifyTelemetry.ReportSubmitted(again.Outcome);
        if (again.Outcome == ReportOutcome.Stored)
        {
            await RecordStoredAsync(again.Report ?? first, cancellationToken);
        }
        return again.Outcome switch
        {
            ReportOutcome.Queued => new SubmitResult(SubmitOutcome.Queued, first, null, null),
            ReportOutcome.Stored => new SubmitResult(SubmitOutcome.Saved, again.Report ?? first, again.Task, null),
            _ => new SubmitResult(SubmitOutcome.AlreadySaved, again.Report ?? first, again.Task ?? await _store.GetTaskAsync(first.TaskNumber, cancellationToken), null),
        };
    }

    /// <summary>A report this person may not make (another unit's task), on the audit trail once per source, with why.</summary>
    public Task<AuditEntry?> RecordRefusedAsync(Person person, int taskNumber, string sourceId, CancellationToken cancellationToken) =>
        _audit.RefusedAsync(AuditActor.Of(person), AuditActions.ReportStored, taskNumber, sourceId,
            $"refused: the task is not {person.Unit}'s (neither its lead nor a responsible unit), and only a Leader may report for another unit; this person is {person.Role}",
            "refused:" + AuditTrail.ReportKey(sourceId), cancellationToken);

    /// <summary>
    /// The stored report on the audit trail, after the write succeeded (the trail never fails a stored report: see
    /// <see cref="AuditTrail"/>), keyed by its source, so a report stored once is one entry whichever path stored it.
    /// </summary>
    private Task<AuditEntry?> RecordStoredAsync(ProgressReport report, CancellationToken cancellationToken) =>
        _audit.RecordAsync(new AuditActor(report.ReporterId, report.ReporterName), AuditActions.ReportStored, report.TaskNumber, report.Id,
            AuditTrail.ReportDetails(report), key: AuditTrail.ReportKey(report.SourceId), cancellationToken: cancellationToken);

    /// <summary>A report stored (or queued) before from this source; if the store cannot say, its submit checks again.</summary>
    private async Task<ProgressReport?> FindFirstAsync(string sourceId, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.GetReportBySourceAsync(sourceId, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(_logger, e, sourceId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up report source {SourceId}; the store checks it again on submit")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report stored: task {TaskNumber} by {UserId} of {Unit}, {Percent}%, source {SourceId}")]
    private static partial void LogStored(ILogger logger, int taskNumber, string userId, string unit, int percent, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a report write by {UserId} of {Unit} on task {TaskNumber}: not the unit's task")]
    private static partial void LogRefused(ILogger logger, string userId, string unit, int taskNumber);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report on task {TaskNumber} by {UserId} was not saved: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, Exception? exception, int taskNumber, string userId, string reason);
}
