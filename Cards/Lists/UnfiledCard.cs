using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// Units that have not filed a month's report, one page from <see cref="Offset"/>. With <see cref="Overdue"/> (the numbers
/// of the tasks overdue today), the units owing a report on an overdue task come first, in their own group.
/// </summary>
public sealed record UnfiledView(YearMonth Month, DateOnly Today, IReadOnlyList<UnfiledUnit> Units, int Offset, JsonObject Query)
{
    public IReadOnlySet<int> Overdue { get; init; } = new HashSet<int>();

    /// <summary>The units in the card's order: those with overdue tasks first (most overdue, then most owed), then the rest as given.</summary>
    public IReadOnlyList<UnfiledUnit> Ordered =>
    [
        .. Units.Where(HasOverdue).OrderByDescending(OverdueCount).ThenByDescending(u => u.TaskNumbers.Count),
        .. Units.Where(u => !HasOverdue(u)),
    ];

    public int OverdueCount(UnfiledUnit unit) => unit.TaskNumbers.Count(Overdue.Contains);

    public bool HasOverdue(UnfiledUnit unit) => OverdueCount(unit) > 0;

    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + UnfiledCard.PageSize < Units.Count ? Offset + UnfiledCard.PageSize : null;
}

public static class UnfiledCard
{
    /// <summary>Units per page: each line has a button, and Teams shows a card's actions well only up to about ten.</summary>
    public const int PageSize = 10;

    /// <summary>The longest unit name a button can carry (the <c>digest.unit</c> data's limit).</summary>
    public const int MaxUnitInData = 100;

    public static JsonObject Build(UnfiledView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var due = RectificationRules.ReportDueDate(view.Month);
        var days = due.DayNumber - view.Today.DayNumber;
        var late = days < 0;
        var note = days > 0 ? T("unfiled.dueIn", due.ToString("yyyy-MM-dd"), Localizer.Count(language, "count.days", days))
            : days == 0 ? T("unfiled.dueToday", due.ToString("yyyy-MM-dd"))
            : T("unfiled.late", due.ToString("yyyy-MM-dd"), Localizer.Count(language, "count.days", -days));
        var body = new List<JsonNode?>
        {
            Text(T("unfiled.title", OwedCard.MonthName(view.Month, language)), TextStyle.Title),
            // Late: the yellow of a missing report; before the due day: a blue note of the days left.
            Container([Text(note, TextStyle.Heading)], late ? TaskLine.StyleOf(SupervisionColour.Yellow) : TaskLine.StyleOf(SupervisionColour.Blue)),
            Text(view.Units.Count == 0 ? T("unfiled.none") : T("unfiled.summary", Localizer.Count(language, "count.units", view.Units.Count))),
        };

        var ordered = view.Ordered;
        var grouped = view.Overdue.Count > 0 && ordered.Any(view.HasOverdue);
        if (grouped && view.Offset == 0)
        {
            body.Add(Text(T("unfiled.order"), TextStyle.Subtle));
        }
        bool? group = null;
        foreach (var (unit, i) in ordered.Select((u, i) => (u, i)).Skip(view.Offset).Take(PageSize))
        {
            var withOverdue = view.HasOverdue(unit);
            if (grouped && group != withOverdue)
            {
                group = withOverdue;
                var count = ordered.Count(u => view.HasOverdue(u) == withOverdue);
                var heading = T(withOverdue ? "unfiled.groupOverdue" : "unfiled.groupOther", count);
                var first = i == 0 || view.HasOverdue(ordered[i - 1]) != withOverdue;
                body.Add(Text(first ? heading : T("unfiled.continued", heading), TextStyle.Heading, withOverdue ? "attention" : null, separator: true));
            }
            body.Add(UnitLine(view, unit, late, language));
        }
        if (view.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.UnfiledPage, view.Query, next, view.Units.Count - next, language));
        }
        return Card(body);
    }

    /// <summary>One unit: its name and how many tasks it owes a report on, which (as ranges), and a button to its list.</summary>
    private static JsonObject UnitLine(UnfiledView view, UnfiledUnit unit, bool late, Language language)
    {
        var overdue = view.OverdueCount(unit);
        var title = (late ? Localizer.Get(language, "colour.Yellow") + " " : "") + Localizer.Get(language, "overdue.unitLine", UnitText.Show(unit.Unit), Localizer.Count(language, "count.tasks", unit.TaskNumbers.Count));
        var detail = Localizer.Count(language, "taskNumbers", unit.TaskNumbers.Count, OverdueCard.Numbers(unit.TaskNumbers))
            + (overdue > 0 ? " · " + Localizer.Get(language, "colour.Red") + " " + Localizer.Get(language, "unfiled.ofThemOverdue", overdue) : "");
        var text = new JsonNode?[] { Text(title, TextStyle.Heading), Text(detail, TextStyle.Subtle) };
        JsonNode content = unit.Unit.Length is > 0 and <= MaxUnitInData
            ? Columns(text, [Actions([Execute(Localizer.Get(language, "unfiled.show"), CardVerbs.DigestUnit, new JsonObject { ["unit"] = unit.Unit, ["month"] = view.Month.ToString() })])])
            : Container(text);
        return Container([content], late ? TaskLine.StyleOf(SupervisionColour.Yellow) : null);
    }
}
