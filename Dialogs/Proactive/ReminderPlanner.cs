using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Cards.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The monthly report reminders of one occurrence (the 10th, the 14th): to each official of a unit that has open tasks
/// without this month's report, the tasks it still owes. A unit that has filed for all its tasks gets nothing. The key
/// (<c>reminder|day|person</c>) makes each reminder go once. Each person's reminder is in their language, and leaves out
/// the tasks they muted for the month (<see cref="ReminderMutes"/>); with every task muted, they get none.
/// </summary>
public sealed class ReminderPlanner(ITaskStore store, IConversationStore conversations, UnitMatcher matcher, ReminderMutes mutes) : IRhythmPlanner
{
    public const string KindName = "reminder";

    public RhythmKind Kind => RhythmKind.Reminder;

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var today = occurrence.Day;
        var month = YearMonth.Of(today);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OpenOnly = true }, p, ct), cancellationToken);
        var filed = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { Period = month.ToString() }, p, ct), cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        foreach (var unit in (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Official).GroupBy(p => p.Unit))
        {
            var unfiled = RectificationRules.ReportsOwed(tasks, unit.Key, month, filed.Where(r => !r.OnBehalf), matcher).Where(o => !o.IsFiled).ToList();
            if (unfiled.Count == 0)
            {
                continue;
            }
            var view = new ReminderView(unit.Key, month, today, unfiled);
            var built = new PerLanguage<(Attachment Card, string Summary)>(language => Build(view, language));
            var muted = await mutes.MutedAsync(unit, month, [.. unfiled.Select(o => o.Task.Number)], cancellationToken);
            foreach (var person in unit)
            {
                var to = chats.For(person);
                var language = RecipientLanguage.Of(to);
                var left = muted.TryGetValue(person.Key, out var theirs) ? unfiled.Where(o => !theirs.Contains(o.Task.Number)).ToList() : unfiled;
                if (left.Count == 0)
                {
                    continue; // every task muted: no reminder for them
                }
                // A person who muted some of the unit's tasks (rare) gets a reminder built for them alone.
                var (card, summary) = left == unfiled ? built[language] : Build(view with { Unfiled = left }, language);
                var activity = Replies.Card(card, summary); // an activity of its own per recipient: sending addresses it
                planned.Add(new PlannedMessage($"{KindName}|{today:yyyy-MM-dd}|{person.Key}", KindName, person, to, activity));
            }
        }
        return planned;
    }

    private static (Attachment Card, string Summary) Build(ReminderView view, Language language) => (Replies.Attachment(ReminderCard.Build(view, language)), ReminderCard.Summary(view, language));
}
