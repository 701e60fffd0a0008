using RectifyBot.Cards;
using RectifyBot.Cards.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The countdown (倒计时督办), checked at each countdown occurrence: 30, 7 and 1 days before an open task's deadline, to
/// the officials of its lead and responsible units; the day after the deadline, if the task is not completed, an overdue
/// notice to them and to the leaders, each in their language. The key holds the deadline, so a deadline moved by a new
/// plan counts down again.
/// </summary>
public sealed class CountdownPlanner(ITaskStore store, IConversationStore conversations, UnitMatcher matcher) : IRhythmPlanner
{
    public static readonly IReadOnlyList<int> DaysBefore = [30, 7, 1];

    public RhythmKind Kind => RhythmKind.Countdown;

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var today = occurrence.Day;
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OpenOnly = true }, p, ct), cancellationToken);
        var people = await store.ListPeopleAsync(cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        foreach (var task in tasks)
        {
            if (task.Deadline.Date is not { } deadline)
            {
                continue;
            }
            var daysLeft = deadline.DayNumber - today.DayNumber;
            var overdue = daysLeft == -1 && !RectificationRules.IsFinished(task);
            if (!overdue && !DaysBefore.Contains(daysLeft))
            {
                continue;
            }
            var view = new CountdownView(task, deadline, daysLeft);
            var built = new PerLanguage<(Microsoft.Bot.Schema.Attachment Card, string Summary)>(language => (Replies.Attachment(CountdownCard.Build(view, language)), CountdownCard.Summary(view, language)));
            var recipients = people.Where(p => p.Role == PersonRole.Official && matcher.RoleOf(task, p.Unit) is not null);
            if (overdue)
            {
                recipients = recipients.Concat(people.Where(p => p.Role == PersonRole.Leader));
            }
            foreach (var person in recipients)
            {
                var to = chats.For(person);
                var (card, summary) = built[RecipientLanguage.Of(to)];
                var activity = Replies.Card(card, summary); // an activity of its own per recipient: sending addresses it
                planned.Add(new PlannedMessage($"countdown|{task.Number}|{deadline:yyyy-MM-dd}|{daysLeft}|{person.Key}", "countdown", person, to, activity));
            }
        }
        return planned;
    }
}
