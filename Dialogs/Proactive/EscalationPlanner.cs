using System.Text;
using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>What the rhythm sends at one kind of occurrence: the messages, each with its send key and recipient.</summary>
public interface IRhythmPlanner
{
    RhythmKind Kind { get; }

    Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken);
}

/// <summary>
/// The escalation on the 16th: the units still missing the month's report, with their tasks, to every leader in their
/// personal chat — and, by name, the people of those units who cannot be messaged because they have not installed the bot,
/// so the office can ask them to. Each leader's in their language. Nothing when every unit has filed; a person's muted
/// reminders (<see cref="ReminderMutes"/>) change nothing here.
/// </summary>
public sealed class EscalationPlanner(ITaskStore store, IConversationStore conversations, UnitMatcher matcher) : IRhythmPlanner
{
    public RhythmKind Kind => RhythmKind.Escalation;

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var month = YearMonth.Of(occurrence.Day);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OpenOnly = true }, p, ct), cancellationToken);
        var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { Period = month.ToString() }, p, ct), cancellationToken);
        var people = await store.ListPeopleAsync(cancellationToken);
        var officials = people.Where(p => p.Role == PersonRole.Official).ToList();
        var missing = Supervision.UnitsNotFiled(tasks, month, [.. reports.Where(r => !r.OnBehalf)], [.. officials.Select(p => p.Unit).Distinct()], matcher);
        if (missing.Count == 0)
        {
            return [];
        }
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var withoutBot = officials.Where(p => missing.Any(u => matcher.SameUnit(u.Unit, p.Unit)) && chats.For(p) is not { IsGone: false }).ToList();
        var built = new PerLanguage<(JsonObject Card, string Text)>(language =>
        {
            var card = UnfiledCard.Build(new UnfiledView(month, occurrence.Day, missing, 0, new JsonObject { ["months"] = month.ToString() }), language);
            var text = new StringBuilder(Localizer.Get(language, "escalation.text", OwedCard.MonthName(month, language), missing.Count));
            if (withoutBot.Count > 0)
            {
                var names = withoutBot.Select(p => Localizer.Get(language, "escalation.person", p.Name, UnitName.Display(p.Unit)));
                text.Append("\n\n").Append(Localizer.Get(language, "escalation.notInstalled", Markdown.Escape(string.Join(Localizer.Get(language, "escalation.separator"), names))));
            }
            return (card, text.ToString());
        });
        var planned = new List<PlannedMessage>();
        foreach (var leader in people.Where(p => p.Role == PersonRole.Leader))
        {
            var to = chats.For(leader);
            var (card, text) = built[RecipientLanguage.Of(to)];
            planned.Add(new PlannedMessage($"escalation|{month}|{leader.Key}", "escalation", leader, to, Replies.Card(card, text)));
        }
        return planned;
    }
}
