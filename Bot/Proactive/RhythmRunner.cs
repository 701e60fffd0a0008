using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Proactive;

/// <summary>
/// What one tick did: each planned message's outcome, the people who could not be messaged (no address, or gone), and
/// the occurrences whose messages still wait for another attempt.
/// </summary>
public sealed record TickReport(IReadOnlyList<RhythmOccurrence> Due, IReadOnlyList<(PlannedMessage Message, SendOutcome Outcome)> Sends, IReadOnlyList<PlannedMessage> Unreachable)
{
    public IReadOnlyList<RhythmOccurrence> Retrying { get; init; } = [];
}

/// <summary>
/// One tick of the plan's rhythm: the occurrences due since the last tick (<see cref="RhythmSchedule.Due"/>), planned and
/// sent through the <see cref="ProactiveSender"/> (claimed once in the send log). A plain method, so a test or the command
/// line runs it at a given instant. Each kind has its planner (<see cref="IRhythmPlanner"/>). Occurrences with messages
/// the channel asked to wait for (<see cref="RhythmRetries"/>) are planned again by every tick until all went or were given
/// up. A send given up after its retries (<see cref="SendOutcome.Failed"/>) is reported to the administrators here, in one
/// place (<see cref="SendFailureNotice"/>): the sender only paces, retries and records.
/// </summary>
public sealed class RhythmRunner(RhythmSchedule schedule, IEnumerable<IRhythmPlanner> planners, IProactiveSender sender, RhythmRetries retries, ISendLog log, SendFailureNotice failures)
{
    private readonly Dictionary<RhythmKind, IRhythmPlanner> _planners = planners.ToDictionary(p => p.Kind);

    public async Task<TickReport> TickAsync(DateTimeOffset lastTick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = schedule.Due(lastTick, now);
        var retrying = await retries.PendingAsync(cancellationToken);
        var sends = new List<(PlannedMessage, SendOutcome)>();
        var unreachable = new List<PlannedMessage>();
        var (waiting, settled) = (new List<RhythmOccurrence>(), new List<RhythmOccurrence>());
        foreach (var occurrence in due.Union(retrying))
        {
            if (!_planners.TryGetValue(occurrence.Kind, out var planner))
            {
                continue;
            }
            var waits = false;
            foreach (var message in await planner.PlanAsync(occurrence, cancellationToken))
            {
                if (message.To is not { IsGone: false } to)
                {
                    unreachable.Add(message);
                    continue;
                }
                var outcome = await sender.SendAsync(new ProactiveMessage(message.Key, message.Kind, to, message.Activity), cancellationToken);
                if (outcome == SendOutcome.Sent && message.OnSent is { } sent)
                {
                    await sent(cancellationToken);
                }
                // Waits: failed for now, or not claimed because its back-off has not passed or another host holds it, or a
                // notice of its giving up is still to go. Not claimed and sent (or given up and reported): settled.
                waits |= outcome switch
                {
                    SendOutcome.Retry => true,
                    SendOutcome.Failed => await failures.NotifyAsync(message, onlyStarted: false, cancellationToken),
                    // Sent or given up earlier (its notices may still be going), or waiting for its back-off or another host.
                    SendOutcome.NotClaimed => await log.FindSendAsync(message.Key, cancellationToken) switch
                    {
                        { IsPending: true } => true,
                        { SentAt: null } => await failures.NotifyAsync(message, onlyStarted: true, cancellationToken), // given up
                        _ => false,
                    },
                    _ => false,
                };
                sends.Add((message, outcome));
            }
            (waits ? waiting : settled).Add(occurrence);
        }
        if (waiting.Count > 0 || retrying.Count > 0)
        {
            await retries.SettleAsync(waiting, settled, cancellationToken);
        }
        return new TickReport(due, sends, unreachable) { Retrying = waiting };
    }
}
