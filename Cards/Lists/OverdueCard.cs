using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>How the overdue list is laid out: one line per task (the default) or one line per unit, ranked.</summary>
public enum OverdueLayout
{
    ByTask,
    ByUnit,
}

/// <summary>
/// The overdue list as of a day: the overdue tasks once each (<see cref="Tasks"/>, worst first) and the units ranked by them
/// (<see cref="Units"/>); one page of the chosen layout from <see cref="Offset"/>; and on the first page the units that have not
/// filed the month's report after the 15th (null when that part is not shown).
/// </summary>
public sealed record OverdueView(string Scope, string Filters, DateOnly Today, IReadOnlyList<OverdueTask> Tasks, IReadOnlyList<UnitOverdue> Units, OverdueLayout Layout,
    int Offset, IReadOnlyList<UnfiledUnit>? Unfiled, JsonObject Query)
{
    /// <summary>Lines of the chosen layout: tasks, or units.</summary>
    public int LineCount => Layout == OverdueLayout.ByUnit ? Units.Count : Tasks.Count;

    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + OverdueCard.PageSize < LineCount ? Offset + OverdueCard.PageSize : null;
}

public static class OverdueCard
{
    /// <summary>Lines per page: tasks in the task layout, units in the unit layout.</summary>
    public const int PageSize = 15;
    public const int MaxUnfiled = 20;

    /// <summary>The query key and values that choose the layout.</summary>
    public const string ViewKey = "view";
    public const string ViewUnits = "units";
    public const string ViewTasks = "tasks";

    public static OverdueLayout LayoutOf(JsonObject query) =>
        (string?)(query[ViewKey] as JsonValue) == ViewUnits ? OverdueLayout.ByUnit : OverdueLayout.ByTask;

    public static JsonObject Build(OverdueView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?>
        {
            Text(T("overdue.title", Plain(Clip(view.Scope, 60)), view.Today.ToString("yyyy-MM-dd")), TextStyle.Title),
        };
        if (view.Filters.Length > 0)
        {
            body.Add(Text(T("overdue.filters", Plain(view.Filters)), TextStyle.Subtle));
        }
        body.Add(Text(view.Tasks.Count == 0 ? T("overdue.none")
            : T("overdue.summary", Localizer.Count(language, "count.tasks", view.Tasks.Count), Localizer.Count(language, "count.units", view.Units.Count))));

        if (view.Layout == OverdueLayout.ByUnit)
        {
            if (view.Units.Count > 0)
            {
                body.Add(Text(T("overdue.rankNote"), TextStyle.Subtle));
            }
            body.AddRange(view.Units.Skip(view.Offset).Take(PageSize).Select(unit => UnitLine(unit, language)));
        }
        else
        {
            body.AddRange(view.Tasks.Skip(view.Offset).Take(PageSize).Select(task => TaskLineOf(task, language)));
        }

        var actions = new List<JsonNode?>();
        if (view.NextOffset is { } next)
        {
            actions.Add(TaskLine.MoreAction(CardVerbs.OverduePage, view.Query, next, view.LineCount - next, language));
        }
        if (view.Tasks.Count > 0 && (view.Units.Count > 1 || view.Layout == OverdueLayout.ByUnit))
        {
            var other = view.Query.DeepClone().AsObject();
            other["offset"] = 0;
            other[ViewKey] = view.Layout == OverdueLayout.ByUnit ? ViewTasks : ViewUnits;
            actions.Add(Execute(T(view.Layout == OverdueLayout.ByUnit ? "overdue.byTask" : "overdue.byUnit"), CardVerbs.OverduePage, other));
        }
        if (actions.Count > 0)
        {
            body.Add(Actions(actions));
        }

        if (view.Unfiled is { } unfiled)
        {
            body.Add(Text(T("overdue.unfiled", unfiled.Count), TextStyle.Heading, "warning", separator: true));
            foreach (var unit in unfiled.Take(MaxUnfiled))
            {
                body.Add(Text(T("colour.Yellow") + " " + UnitText.Show(unit.Unit) + " · " + Localizer.Count(language, "taskNumbers", unit.TaskNumbers.Count, Numbers(unit.TaskNumbers))));
            }
            if (unfiled.Count > MaxUnfiled)
            {
                body.Add(Text(T("owed.moreLines", unfiled.Count - MaxUnfiled) + " " + T("overdue.askUnfiled"), TextStyle.Subtle));
            }
        }
        return Card(body);
    }

    /// <summary>
    /// One overdue task: its number and problem, then its units (lead first), days overdue, percent and last report.
    /// </summary>
    private static JsonObject TaskLineOf(OverdueTask line, Language language)
    {
        var units = line.Units.Count == 0 ? Localizer.Get(language, "overdue.noUnit") : UnitText.List(line.Units, language);
        var detail = units + " · " + Localizer.Count(language, "count.daysOverdue", line.DaysOverdue) + $" · {line.Task.PercentComplete}% · "
            + Localizer.Get(language, "task.lastReport") + (language == Language.Chinese ? "：" : ": ")
            + (line.LastReport is { } last ? ReportText.Describe(last, language) : Localizer.Get(language, "task.none"));
        return TaskLine.Build(line.Task, detail, SupervisionColour.Red, language);
    }

    /// <summary>One unit of the ranking: the unit and how many overdue tasks, then which and the longest overdue.</summary>
    private static JsonObject UnitLine(UnitOverdue unit, Language language)
    {
        var name = unit.Unit.Length == 0 ? Localizer.Get(language, "overdue.noUnit") : UnitText.Show(unit.Unit);
        var numbers = unit.Lines.Select(l => l.Task.Number).ToList();
        return Container(
        [
            Text(Localizer.Get(language, "colour.Red") + " " + Localizer.Get(language, "overdue.unitLine", name, Localizer.Count(language, "count.tasks", numbers.Count)), TextStyle.Heading),
            Text(Localizer.Count(language, "taskNumbers", numbers.Count, Numbers(numbers)) + " · " + Localizer.Count(language, "overdue.worst", unit.WorstDays), TextStyle.Subtle),
        ], TaskLine.StyleOf(SupervisionColour.Red));
    }

    /// <summary>Task numbers as ranges (3–5, 8), cut at a length a line can hold.</summary>
    internal static string Numbers(IReadOnlyList<int> numbers) => Clip(NumberRanges.Format(numbers), 120);
}
