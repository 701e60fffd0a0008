using Microsoft.Extensions.Options;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Proactive;

/// <summary>
/// When the rhythm last ticked, kept in the store (shared by every host), so a restart catches up what it missed once.
/// The first tick of a new deployment starts from its own instant: nothing from before it is sent.
/// </summary>
public sealed class RhythmClock(IBotStateStore state)
{
    private const string Key = "rectifybot/rhythm/lastTick";

    public Task<DateTimeOffset?> LastTickAsync(CancellationToken cancellationToken) => state.ReadJsonAsync<DateTimeOffset?>(Key, null, cancellationToken);

    public Task SaveAsync(DateTimeOffset tick, CancellationToken cancellationToken) => state.WriteJsonAsync(Key, tick, null, cancellationToken);
}

/// <summary>
/// Keeps the plan's rhythm in the host: once a minute (on the host's <see cref="TimeProvider"/>) a tick sends what became
/// due since the last one (<see cref="RhythmRunner"/>). <c>Supervision:Enabled=false</c> turns it off. A failed tick is
/// logged and its window tried again by the next; the send claims keep every message to once.
/// </summary>
public sealed partial class RhythmService(RhythmRunner runner, RhythmClock clock, IOptions<RhythmOptions> options, TimeProvider time, ILogger<RhythmService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            var now = time.GetUtcNow();
            try
            {
                var stored = await clock.LastTickAsync(stoppingToken);
                var report = await runner.TickAsync(stored ?? now, now, stoppingToken);
                if (stored is null || report.Due.Count > 0)
                {
                    // A tick with nothing due leaves the window open from the last one: the next tick covers the same
                    // instants anyway, so the store is written only when something was due (once a day at most, by default).
                    // A send to retry is not lost by moving on: its occurrence is kept as retrying (RhythmRetries) and every
                    // tick plans it again, the send log letting only that send through after its back-off.
                    await clock.SaveAsync(now, stoppingToken);
                }
                if (report.Sends.Count > 0 || report.Unreachable.Count > 0)
                {
                    LogTick(logger, report.Due.Count, report.Sends.Count(s => s.Outcome == SendOutcome.Sent), report.Unreachable.Count);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogTickFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The rhythm is off (Supervision:Enabled=false): this host only answers")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rhythm tick: {Due} occurrences due, {Sent} messages sent, {Unreachable} people without the bot")]
    private static partial void LogTick(ILogger logger, int due, int sent, int unreachable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rhythm tick failed; the next tick tries its window again")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
