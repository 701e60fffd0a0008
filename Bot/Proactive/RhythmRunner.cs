using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Rhythm;

namespace RectifyBot.Bot.Proactive;

/// <summary>What one tick did: each planned message's outcome, and the people who could not be messaged (no address, or gone).</summary>
public sealed record TickReport(IReadOnlyList<RhythmOccurrence> Due, IReadOnlyList<(PlannedMessage Message, SendOutcome Outcome)> Sends, IReadOnlyList<PlannedMessage> Unreachable);

/// <summary>
/// One tick of the plan's rhythm: the occurrences due since the last tick (<see cref="RhythmSchedule.Due"/>), planned and
/// sent through the <see cref="ProactiveSender"/> (claimed once in the send log). A plain method, so a test or the command
/// line runs it at a given instant. So far the monthly report reminders; escalation, countdown and digest follow.
/// </summary>
public sealed class RhythmRunner(RhythmSchedule schedule, ReminderPlanner reminders, ProactiveSender sender)
{
    public async Task<TickReport> TickAsync(DateTimeOffset lastTick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = schedule.Due(lastTick, now);
        var sends = new List<(PlannedMessage, SendOutcome)>();
        var unreachable = new List<PlannedMessage>();
        foreach (var occurrence in due.Where(o => o.Kind == RhythmKind.Reminder))
        {
            foreach (var message in await reminders.PlanAsync(occurrence, cancellationToken))
            {
                if (message.To is not { IsGone: false } to)
                {
                    unreachable.Add(message);
                    continue;
                }
                sends.Add((message, await sender.SendAsync(new ProactiveMessage(message.Key, message.Kind, to, message.Activity), cancellationToken)));
            }
        }
        return new TickReport(due, sends, unreachable);
    }
}
