using Microsoft.Extensions.Options;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>With the Graph store: every <c>Store:Graph:OutboxRetrySeconds</c>, saves the reports waiting in the outbox. Idle otherwise.</summary>
public sealed partial class OutboxService(IServiceProvider services, IOptions<StoreOptions> options, TimeProvider time, ILogger<OutboxService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsGraph)
        {
            return;
        }
        var drainer = services.GetRequiredService<OutboxDrainer>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.Graph.OutboxRetrySeconds)), time);
        do
        {
            try
            {
                if (await drainer.DrainAsync(stoppingToken) is > 0 and var landed)
                {
                    LogDrained(logger, landed);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved {Count} queued reports from the outbox")]
    private static partial void LogDrained(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox pass failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
