using RectifyBot.Cards.Filing;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Filing;

/// <summary>
/// The quarterly filing (季度报备) on its schedule (default the first working day of January, April, July and October,
/// 09:30): the quarter just ended, as a card per unit to that unit's officials (units with tasks in the plan) and the
/// overall card to the leaders, each in their language. The send keys hold the quarter
/// (<c>filing|2019Q1|{unit}|{person}</c>, <c>filing|2019Q1|leaders|{person}</c>), so the later occurrences of the week
/// find everything sent, and a tick catching up after a gap sends it once. The first card that goes appends the audit
/// trail's <see cref="AuditActions.QuarterFiled"/> entry, keyed by the quarter: once per quarter.
/// </summary>
public sealed class QuarterFilingPlanner(ITaskStore store, IConversationStore conversations, UnitMatcher matcher, AuditTrail audit, INoticeStore notices) : IRhythmPlanner
{
    public const string KindName = "filing";

    public RhythmKind Kind => RhythmKind.QuarterFiling;

    /// <summary>The last quarter that has ended before a day.</summary>
    public static Quarter LastEnded(DateOnly day) => Quarter.Of(Quarter.Of(day).FirstDay.AddDays(-1));

    public static string UnitKey(Quarter quarter, string unit, Person person) => $"filing|{quarter}|{unit}|{person.Key}";

    public static string LeadersKey(Quarter quarter, Person person) => $"filing|{quarter}|leaders|{person.Key}";

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var quarter = LastEnded(occurrence.Day);
        var report = await QuarterReport.ReadAsync(store, matcher, quarter, occurrence.Day, cancellationToken, notices);
        var people = await store.ListPeopleAsync(cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        var officials = people.Where(p => p.Role == PersonRole.Official && report.LinesOf(p.Unit, matcher).Count > 0).ToList();
        Func<CancellationToken, Task> filed = ct => audit.RecordAsync(AuditActor.System, AuditActions.QuarterFiled, subject: quarter.ToString(),
            details: $"{quarter} as of {report.AsOf:yyyy-MM-dd}: {report.Tasks.Count} tasks, {report.UnitsMissingAMonth.Count} units missing a month, {report.Overdue} overdue; " +
                $"unit cards to {officials.Count} officials of {officials.Select(o => o.Unit).Distinct().Count()} units, the overall card to {people.Count(p => p.Role == PersonRole.Leader)} leaders",
            key: $"filing|{quarter}", cancellationToken: ct);

        var byUnit = officials.GroupBy(p => p.Unit, StringComparer.Ordinal);
        foreach (var unit in byUnit)
        {
            var built = new PerLanguage<(Microsoft.Bot.Schema.Attachment Card, string Summary)>(language =>
                (Replies.Attachment(FilingCards.UnitCard(report, unit.Key, matcher, language)), FilingCards.UnitSummary(report, unit.Key, matcher, language)));
            foreach (var person in unit)
            {
                var to = chats.For(person);
                var (card, summary) = built[RecipientLanguage.Of(to)];
                planned.Add(new PlannedMessage(UnitKey(quarter, unit.Key, person), KindName, person, to, Replies.Card(card, summary)) { OnSent = filed });
            }
        }
        var overall = new PerLanguage<(Microsoft.Bot.Schema.Attachment Card, string Summary)>(language =>
            (Replies.Attachment(FilingCards.OverallCard(report, matcher, language)), FilingCards.OverallSummary(report, matcher, language)));
        foreach (var leader in people.Where(p => p.Role == PersonRole.Leader))
        {
            var to = chats.For(leader);
            var (card, summary) = overall[RecipientLanguage.Of(to)];
            planned.Add(new PlannedMessage(LeadersKey(quarter, leader), KindName, leader, to, Replies.Card(card, summary)) { OnSent = filed });
        }
        return planned;
    }
}
