using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// 提醒设置 / reminder settings: what the bot sends this person by itself, by their role, with the next dates from the
/// schedule in force (holidays applied), the tasks they muted this month (<see cref="ReminderMutes"/>), and whether it
/// can reach them at all (an address stored).
/// </summary>
public sealed class ReminderSettingsAnswer(IConversationStore conversations, ITaskStore store, ReminderMutes mutes, RhythmSchedule schedule, IOptions<RhythmOptions> options, TimeProvider time)
{
    public async Task<string> DescribeAsync(FlowTurn turn, CancellationToken cancellationToken)
    {
        var person = turn.Person;
        var kinds = person.Role switch
        {
            PersonRole.Leader => new[] { RhythmKind.Escalation, RhythmKind.Digest, RhythmKind.Countdown, RhythmKind.SignOffRequests, RhythmKind.NoticeReturns, RhythmKind.QuarterFiling },
            PersonRole.Official => [RhythmKind.Reminder, RhythmKind.Countdown, RhythmKind.QuarterFiling],
            _ => [],
        };
        var text = new StringBuilder(turn.T("settings.title"));
        if (!options.Value.Enabled)
        {
            return text.Append("\n\n").Append(turn.T("settings.off")).ToString();
        }
        if (kinds.Length == 0)
        {
            return text.Append("\n\n").Append(turn.T("settings.none")).ToString();
        }
        var now = time.GetUtcNow();
        // Far enough ahead for the next quarterly filing (at most about three months away).
        var upcoming = schedule.Between(now, now.AddDays(100));
        foreach (var kind in kinds)
        {
            var next = upcoming.Where(o => o.Kind == kind).Take(kind == RhythmKind.Reminder ? 2 : 1)
                .Select(o => PlanClock.ToPlanTime(o.At).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).ToList();
            text.Append("\n- ").Append(turn.T($"settings.{kind}", next.Count == 0 ? "—" : string.Join(turn.T("settings.and"), next)));
        }
        if (person.Role == PersonRole.Official)
        {
            var month = YearMonth.Of(turn.Today);
            var theirs = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { Unit = person.Unit, OpenOnly = true }, p, ct), cancellationToken);
            var muted = await mutes.MutedByAsync(person, month, [.. theirs.Select(t => t.Number)], cancellationToken);
            if (muted.Count > 0)
            {
                text.Append("\n\n").Append(turn.T("settings.muted", RectifyBot.Cards.Lists.OwedCard.MonthName(month, turn.Language), string.Join(turn.T("escalation.separator"), muted)));
            }
        }
        var address = await conversations.FindPersonalAsync(person, cancellationToken);
        text.Append("\n\n").Append(address is { IsGone: false } ? turn.T("settings.reachable") : turn.T("settings.unreachable"));
        return text.ToString();
    }
}
