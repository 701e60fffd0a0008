using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// The overdue list: overdue tasks grouped by unit as of a day, one page of lines from <see cref="Offset"/>, and on the first
/// page the units that have not filed the month's report after the 15th (null when that part is not shown).
/// </summary>
public sealed record OverdueView(string Scope, string Filters, DateOnly Today, IReadOnlyList<UnitOverdue> Groups, int Offset, IReadOnlyList<UnfiledUnit>? Unfiled, JsonObject Query)
{
    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + OverdueCard.PageSize < Groups.Sum(g => g.Lines.Count) ? Offset + OverdueCard.PageSize : null;
}

public static class OverdueCard
{
    public const int PageSize = 15;
    public const int MaxUnfiled = 20;

    public static JsonObject Build(OverdueView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var taskCount = view.Groups.SelectMany(g => g.Lines).Select(l => l.Task.Number).Distinct().Count();
        var body = new List<JsonNode?>
        {
            Text(T("overdue.title", Plain(Clip(view.Scope, 60)), view.Today.ToString("yyyy-MM-dd")), TextStyle.Title),
        };
        if (view.Filters.Length > 0)
        {
            body.Add(Text(T("overdue.filters", Plain(view.Filters)), TextStyle.Subtle));
        }
        body.Add(Text(taskCount == 0 ? T("overdue.none") : T("overdue.summary", taskCount, view.Groups.Count)));

        var lines = view.Groups.SelectMany(g => g.Lines.Select((l, i) => (Group: g, Line: l, First: i == 0))).ToList();
        var page = lines.Skip(view.Offset).Take(PageSize).ToList();
        UnitOverdue? current = null;
        foreach (var (group, line, first) in page)
        {
            if (!ReferenceEquals(group, current))
            {
                current = group;
                var name = group.Unit.Length == 0 ? T("overdue.noUnit") : Plain(Clip(group.Unit, 60));
                body.Add(Text(first ? T("overdue.unit", name, group.Lines.Count) : T("overdue.unitContinued", name), TextStyle.Heading, "attention", separator: true));
            }
            var task = line.Task;
            var detail = T($"role.{line.Role}") + " · " + T("task.daysOverdue", line.DaysOverdue) + $" · {task.PercentComplete}% · "
                + T("task.lastReport") + (language == Language.Chinese ? "：" : ": ")
                + (line.LastReport is { } last ? ReportText.Describe(last, language) : T("task.none"));
            body.Add(TaskLine.Build(task, detail, SupervisionColour.Red, language));
        }
        if (view.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.OverduePage, view.Query, next, lines.Count - next, language));
        }

        if (view.Unfiled is { } unfiled)
        {
            body.Add(Text(T("overdue.unfiled", unfiled.Count), TextStyle.Heading, "warning", separator: true));
            foreach (var unit in unfiled.Take(MaxUnfiled))
            {
                body.Add(Text(T("colour.Yellow") + " " + Plain(Clip(unit.Unit, 60)) + " · " + T("unfiled.tasks", string.Join(", ", unit.TaskNumbers.Take(30)) + (unit.TaskNumbers.Count > 30 ? "…" : ""))));
            }
            if (unfiled.Count > MaxUnfiled)
            {
                body.Add(Text(T("owed.moreLines", unfiled.Count - MaxUnfiled) + " " + T("overdue.askUnfiled"), TextStyle.Subtle));
            }
        }
        return Card(body);
    }
}
