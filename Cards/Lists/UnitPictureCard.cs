using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// One unit's picture: the tasks it leads or is responsible for (<paramref name="Tasks"/>), this month's reports it owes
/// with those filed, and a note above the card (<paramref name="Note"/>, e.g. "this is your unit's").
/// </summary>
public sealed record UnitPictureView(string Unit, DateOnly Today, IReadOnlyList<RectificationTask> Tasks, IReadOnlyList<ReportObligation> Reports, string? Note = null);

/// <summary>A unit's tasks by status, its overdue tasks in red, this month's report filed or not per task, and buttons to its lists.</summary>
public static class UnitPictureCard
{
    public const int MaxLines = 12;

    /// <summary>The longest unit name the owed-list button carries (its data's limit).</summary>
    private const int MaxUnitData = 100;

    public static JsonObject Build(UnitPictureView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var today = view.Today;
        var month = YearMonth.Of(today);
        var body = new List<JsonNode?>();
        if (view.Note is { } note)
        {
            body.Add(Text(Plain(note), TextStyle.Subtle));
        }
        body.Add(Text(T("unit.title", UnitText.Show(view.Unit)), TextStyle.Title));
        body.Add(Text(T("unit.asOf", today.ToString("yyyy-MM-dd"), view.Tasks.Count), TextStyle.Subtle));
        if (view.Tasks.Count == 0)
        {
            body.Add(Text(T("unit.noTasks")));
            return Card(body);
        }

        body.Add(Facts(Enum.GetValues<RectificationStatus>()
            .Select(s => (T($"status.{s}"), view.Tasks.Count(t => t.Status == s).ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        var overdue = view.Tasks.Where(t => RectificationRules.IsOverdue(t, today)).OrderByDescending(t => RectificationRules.DaysOverdue(t, today)).ThenBy(t => t.Number).ToList();
        body.Add(Text(T("unit.overdue", overdue.Count), TextStyle.Heading, separator: true));
        if (overdue.Count == 0)
        {
            body.Add(Text(T("unit.noOverdue"), TextStyle.Subtle));
        }
        foreach (var task in overdue.Take(MaxLines))
        {
            body.Add(TaskLine.Build(task, T("task.daysOverdue", RectificationRules.DaysOverdue(task, today)) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%",
                SupervisionColour.Red, language, reportButton: false));
        }
        More(body, overdue.Count, language);

        var due = RectificationRules.ReportDueDate(month);
        body.Add(Text(T("unit.reports", OwedCard.MonthName(month, language), due.ToString("yyyy-MM-dd"), view.Reports.Count(r => r.IsFiled), view.Reports.Count), TextStyle.Heading, separator: true));
        foreach (var obligation in view.Reports.Take(MaxLines))
        {
            var missingLate = !obligation.IsFiled && today > due;
            var mark = missingLate ? T("colour.Yellow") + " " : "";
            var state = obligation.IsFiled ? T("unit.filed") : T("unit.notFiled");
            body.Add(Text(mark + T("task.title", obligation.Task.Number) + " · " + state + " · " + Plain(Clip(obligation.Task.Problem, TaskLine.ProblemChars)),
                color: missingLate ? "Warning" : obligation.IsFiled ? "Good" : null));
        }
        More(body, view.Reports.Count, language);

        var actions = new List<JsonNode?> { Execute(T("unit.overdueButton"), CardVerbs.OverduePage, new JsonObject { ["offset"] = 0, ["unit"] = Clip(view.Unit, 300) }) };
        if (view.Unit.Length <= MaxUnitData)
        {
            actions.Add(Execute(T("unit.owedButton"), CardVerbs.DigestUnit, new JsonObject { ["month"] = month.ToString(), ["unit"] = view.Unit }));
        }
        return Card(body, actions);
    }

    private static void More(List<JsonNode?> body, int count, Language language)
    {
        if (count > MaxLines)
        {
            body.Add(Text(Localizer.Get(language, "owed.moreLines", count - MaxLines), TextStyle.Subtle));
        }
    }
}

/// <summary>Which unit? A leader who named none chooses among the directory's units, one button each.</summary>
public static class UnitChoiceCard
{
    public const int MaxUnits = 20;

    /// <summary>The longest unit name a button carries (the <c>unit.show</c> data's limit).</summary>
    public const int MaxUnitChars = 100;

    public static JsonObject Build(IReadOnlyList<string> units, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?> { Text(T("unit.chooseTitle"), TextStyle.Title), Text(T("unit.choose")) };
        var buttons = units.Where(u => u.Length is > 0 and <= MaxUnitChars).Take(MaxUnits)
            .Select(u => (JsonNode?)Execute(ChoiceTitle(Clip(u, 40)), CardVerbs.UnitShow, new JsonObject { ["unit"] = u })).ToList();
        // Teams shows a few actions per set; several sets of four keep every unit reachable.
        foreach (var chunk in buttons.Chunk(4))
        {
            body.Add(Actions(chunk));
        }
        return Card(body);
    }
}
