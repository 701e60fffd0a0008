using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// Unfinished tasks with a dated deadline within <paramref name="Days"/> days, soonest first, one page from
/// <paramref name="Offset"/>; <paramref name="Scope"/> names whose tasks they are (a unit, or all units).
/// </summary>
public sealed record DueSoonView(string Scope, int Days, DateOnly Today, IReadOnlyList<RectificationTask> Tasks, int Offset, JsonObject Query)
{
    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + DueSoonCard.PageSize < Tasks.Count ? Offset + DueSoonCard.PageSize : null;
}

public static class DueSoonCard
{
    public const int PageSize = 20;

    public static JsonObject Build(DueSoonView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var scope = Plain(Clip(view.Scope, 60));
        if (view.Tasks.Count == 0)
        {
            return Card([Text(T("dueSoon.none", view.Days, scope))]);
        }
        var body = new List<JsonNode?>
        {
            Text(T("dueSoon.title", view.Days, scope), TextStyle.Title),
            Text(T("dueSoon.summary", view.Tasks.Count), TextStyle.Subtle),
        };
        foreach (var task in view.Tasks.Skip(view.Offset).Take(PageSize))
        {
            var detail = TaskCountdown.Text(task, view.Today, language) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}% · "
                + Plain(Clip(task.LeadUnits.Text.Length > 0 ? task.LeadUnits.Text : task.ResponsibleUnits.Text, 60));
            body.Add(TaskLine.Build(task, detail, SupervisionColour.Blue, language));
        }
        if (view.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.DueSoonPage, view.Query, next, view.Tasks.Count - next, language));
        }
        return Card(body);
    }

    /// <summary>The tasks due within <paramref name="days"/> days of today (today included), unfinished, by deadline then number.</summary>
    public static IReadOnlyList<RectificationTask> Select(IEnumerable<RectificationTask> tasks, DateOnly today, int days) =>
        tasks.Where(t => !RectificationRules.IsFinished(t) && RectificationRules.DaysLeft(t, today) is { } left && left >= 0 && left <= days)
            .OrderBy(t => t.Deadline.Date).ThenBy(t => t.Number).ToList();
}
