using Microsoft.Extensions.Diagnostics.HealthChecks;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// Loads (or trains) the intent model and builds the <c>Microsoft.Recognizers.Text</c> models at start, off the start-up path: their first use takes seconds,
/// which would otherwise fall on the first user's turn. <c>/readyz</c> says not ready until it is done.
/// </summary>
public sealed partial class RecognizerWarmup(ILogger<RecognizerWarmup> logger) : BackgroundService
{
    private readonly TaskCompletionSource _warm = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsWarm => _warm.Task.IsCompletedSuccessfully;

    /// <summary>Completes when every recognizer model has been built and used once.</summary>
    public Task Warmed => _warm.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            WarmUp(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Warm-up is about latency, not correctness: a model that fails here fails the turn that needs it, visibly.
            LogWarmFailed(logger, e);
        }
        _warm.TrySetResult();
    }, stoppingToken);

    private void WarmUp(CancellationToken stoppingToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var today = new DateOnly(2019, 3, 20);
        foreach (var text in new[] { "任务三进展：完成六成", "逾期超过30天的", "一季度本月我单位要报什么", "task 3 progress: 60% done", "overdue more than two months", "what does my unit owe in Q1" })
        {
            stoppingToken.ThrowIfCancellationRequested();
            _ = CommandRecognizer.Recognize(text, today);
        }
        _ = NumberReader.Read("第十二项");
        _ = NumberReader.Read("twelve");
        _ = QuantityReader.ReadPercent("百分之六十");
        _ = QuantityReader.ReadPercent("60 percent");
        _ = QuantityReader.ReadDays("两个月以上");
        _ = QuantityReader.ReadDate("2019年6月底", today);
        _ = QuantityReader.ReadDate("end of June 2019", today);
        _ = PeriodReader.Read("上个月", today);
        _ = PeriodReader.Read("last month", today);
        var model = IntentModel.Shared;
        LogWarm(logger, (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, model.Loaded ? "loaded as the build trained it" : "trained", model.Examples, (long)model.TrainingTime.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recognizers warmed in {Milliseconds} ms (intent model {How} on {Examples} examples in {ModelMilliseconds} ms): ready")]
    private static partial void LogWarm(ILogger logger, long milliseconds, string how, int examples, long modelMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming the recognizers failed; the host reports ready anyway")]
    private static partial void LogWarmFailed(ILogger logger, Exception exception);

    /// <summary>Unhealthy (not ready) until the recognizers are warm.</summary>
    public sealed class Check(RecognizerWarmup warmup) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warmup.IsWarm ? HealthCheckResult.Healthy("warm") : HealthCheckResult.Unhealthy("The recognizers are still warming up."));
    }
}
