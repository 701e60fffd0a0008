using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// One task brought into a conversation from the compose box (the search message extension). <paramref name="BotChatUrl"/>
/// is a Teams link to the person's chat with the bot, when the bot's id is known.
/// </summary>
public sealed record TaskCardView(RectificationTask Task, DateOnly Today, string? BotChatUrl = null);

/// <summary>A task card: status, deadline and countdown, lead and responsible units, percent, last report; a report button and a link to the bot.</summary>
public static class TaskCard
{
    /// <summary>Longest problem text the card shows; "任务3" in the bot shows it whole.</summary>
    public const int ProblemChars = 300;

    public static JsonObject Build(TaskCardView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var task = view.Task;
        var colour = Supervision.ColourOf(task, view.Today, filedThisMonth: true);
        var mark = colour == SupervisionColour.None ? "" : T($"colour.{colour}") + " ";
        var last = task.LastReportAt is { } at ? PlanClock.ToPlanTime(at).ToString("yyyy-MM-dd HH:mm") : T("task.none");
        var facts = new List<(string, string)>
        {
            (T("taskCard.status"), T($"status.{task.Status}") + $" · {task.PercentComplete}%"),
            (T("task.deadline"), Plain(Clip(task.Deadline.Text, 100)) + " " + TaskCountdown.Text(task, view.Today, language)),
            (T("task.lead"), Plain(Clip(Or(task.LeadUnits.Text, T("task.none")), 300))),
            (T("task.responsible"), Plain(Clip(Or(task.ResponsibleUnits.Text, T("task.none")), 300))),
            (T("task.lastReport"), last),
        };
        var heading = Container([
            Text(mark + T("task.title", task.Number), TextStyle.Title),
            Text(Plain(Clip(task.Problem, ProblemChars))),
        ], TaskLine.StyleOf(colour));
        var actions = new List<JsonNode?> { Execute(T("action.report"), CardVerbs.ReportOpen, new JsonObject { ["task"] = task.Number }, primary: true) };
        if (view.BotChatUrl is { } url)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = T("taskCard.openBot"), ["url"] = url });
        }
        return Card([heading, Facts(facts)], actions);
    }

    /// <summary>The line Teams shows for the task in the search results: number and problem; status, percent and countdown.</summary>
    public static (string Title, string Text) Preview(RectificationTask task, DateOnly today, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var colour = Supervision.ColourOf(task, today, filedThisMonth: true);
        var mark = colour == SupervisionColour.None ? "" : T($"colour.{colour}") + " ";
        var title = mark + T("task.title", task.Number) + " · " + NoTags(Clip(task.Problem, TaskLine.ProblemChars));
        var text = T($"status.{task.Status}") + $" {task.PercentComplete}% · " + TaskCountdown.Text(task, today, language)
            + " · " + NoTags(Clip(Or(task.LeadUnits.Text, T("task.none")), 40));
        return (title, text);
    }

    private static string Or(string value, string fallback) => value.Trim().Length > 0 ? value : fallback;
}
