using System.Globalization;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>A unit in the overview's ranking: its overdue tasks, the tasks it has not reported on this month, its tasks due soon.</summary>
public sealed record OverviewUnit(string Unit, int Overdue, int MissingReports, int DueSoon)
{
    /// <summary>The worst mark: red overdue, yellow report missing, blue due soon.</summary>
    public SupervisionColour Colour => Overdue > 0 ? SupervisionColour.Red : MissingReports > 0 ? SupervisionColour.Yellow : DueSoon > 0 ? SupervisionColour.Blue : SupervisionColour.None;
}

/// <summary>
/// The whole plan for a leader: tasks by status, percent done, how many are overdue and due within
/// <see cref="Supervision.NearDays"/> days, how many units have not reported this month, and the units ranked worst first.
/// </summary>
public sealed record OverviewView(DateOnly Today, IReadOnlyDictionary<RectificationStatus, int> ByStatus, int Total, int Overdue, int DueSoon, int UnitsNotFiled, IReadOnlyList<OverviewUnit> Units);

public static class OverviewCard
{
    public const int TopUnits = 10;

    public static JsonObject Build(OverviewView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?> { Text(T("overview.title", view.Today.ToString("yyyy-MM-dd")), TextStyle.Title) };
        if (view.Total == 0)
        {
            body.Add(Text(T("noTasks")));
            return Card(body);
        }
        var done = view.ByStatus.GetValueOrDefault(RectificationStatus.Completed) + view.ByStatus.GetValueOrDefault(RectificationStatus.SignedOff);
        var facts = new List<(string, string)>
        {
            (T("overview.total"), view.Total.ToString(CultureInfo.InvariantCulture)),
            (T("overview.done"), T("overview.doneValue", done * 100 / view.Total, done, view.Total)),
        };
        facts.AddRange(Enum.GetValues<RectificationStatus>().Select(s => (T($"status.{s}"), view.ByStatus.GetValueOrDefault(s).ToString(CultureInfo.InvariantCulture))));
        body.Add(Facts(facts));
        body.Add(Text(T("overview.alerts", view.Overdue, Supervision.NearDays, view.DueSoon, view.UnitsNotFiled), TextStyle.Heading, separator: true));

        var ranked = view.Units.Where(u => u.Colour != SupervisionColour.None)
            .OrderByDescending(u => u.Overdue).ThenByDescending(u => u.MissingReports).ThenByDescending(u => u.DueSoon).ThenBy(u => u.Unit, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0)
        {
            body.Add(Text(T("overview.noUnits")));
        }
        else
        {
            body.Add(Text(T("overview.units", Math.Min(TopUnits, ranked.Count), ranked.Count), TextStyle.Heading, separator: true));
            foreach (var unit in ranked.Take(TopUnits))
            {
                body.Add(Container(
                [
                    Text(T($"colour.{unit.Colour}") + " " + UnitText.Show(unit.Unit), TextStyle.Heading),
                    Text(T("overview.unitLine", unit.Overdue, unit.MissingReports, unit.DueSoon), TextStyle.Subtle),
                ], TaskLine.StyleOf(unit.Colour)));
            }
        }
        var month = YearMonth.Of(view.Today).ToString();
        return Card(body,
        [
            Execute(T("overview.overdueButton"), CardVerbs.OverduePage, new JsonObject { ["offset"] = 0 }),
            Execute(T("overview.unfiledButton"), CardVerbs.UnfiledPage, new JsonObject { ["offset"] = 0, ["months"] = month }),
            Execute(T("overview.dueSoonButton"), CardVerbs.DueSoonPage, new JsonObject { ["offset"] = 0, ["days"] = Supervision.NearDays }),
        ]);
    }
}
