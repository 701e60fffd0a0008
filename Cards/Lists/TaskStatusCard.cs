using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// One task as the bot answers "任务3" or "how is task 3 going": the task, its latest report, whether this month's report
/// is in (for the yellow mark after the 15th), and whether the person asking may report on it.
/// </summary>
public sealed record TaskStatusView(RectificationTask Task, DateOnly Today, ProgressReport? LastReport, bool FiledThisMonth, bool CanReport)
{
    /// <summary>The leader's decision that signed the task off, for who and when (已销号（李华，3月20日 10:05）).</summary>
    public SignOffDecision? SignedOffBy { get; init; }
    /// <summary>The person asking may produce the public notice (a leader or admin): the button shows once the task is signed off.</summary>
    public bool CanDisclose { get; init; }
}

/// <summary>
/// A task's status first (coloured: red overdue, yellow report missing after the 15th or lagging, blue deadline near),
/// percent, deadline and countdown, the last report; then problem, goal, units, and the measures behind a toggle.
/// </summary>
public static class TaskStatusCard
{
    /// <summary>Longest problem or goal text shown; real tasks are far shorter.</summary>
    public const int TextChars = 1000;

    /// <summary>The measures shown, in characters; past it the rest are counted, not shown (the card stays under 40 KB).</summary>
    public const int MeasureChars = 4000;

    public static JsonObject Build(TaskStatusView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var colon = language == Language.Chinese ? "：" : ": ";
        var task = view.Task;
        var colour = Supervision.ColourOf(task, view.Today, view.FiledThisMonth);
        var mark = colour == SupervisionColour.None ? "" : T($"colour.{colour}") + " ";

        var status = new List<JsonNode?>
        {
            Text(mark + T("task.title", task.Number) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%", TextStyle.Title),
        };
        if (Alert(view, colour, language) is { } alert)
        {
            status.Add(Text(alert, TextStyle.Heading, color: colour == SupervisionColour.Red ? "Attention" : colour == SupervisionColour.Yellow ? "Warning" : "Accent"));
        }
        if (SignOffLine(view, language) is { } signOff)
        {
            status.Add(Text(signOff, TextStyle.Heading, color: view.Task.Status == RectificationStatus.SignedOff ? "Good" : "Accent"));
        }
        status.Add(Text(T("task.deadline") + colon + Plain(Clip(task.Deadline.Text, 100)) + (language == Language.English ? " " : "") + TaskCountdown.Text(task, view.Today, language)));
        status.Add(Text(view.LastReport is { } last
            ? T("taskStatus.lastReport", ReportText.Describe(last, language) + " · " + Plain(Clip(last.Summary, 80)))
            : T("taskStatus.noReport"), TextStyle.Subtle));

        var body = new List<JsonNode?>
        {
            Container(status, TaskLine.StyleOf(colour)),
        };
        if (string.Join(" · ", new[] { task.Category, task.Section }.Where(s => s.Length > 0)) is { Length: > 0 } heading)
        {
            body.Add(Text(Plain(Clip(heading, 200)), TextStyle.Subtle, separator: true));
        }
        body.Add(Text(T("task.problem") + colon + Plain(Clip(task.Problem, TextChars)), separator: body.Count == 1));
        if (task.Goal.Length > 0)
        {
            body.Add(Text(T("task.goal") + colon + Plain(Clip(task.Goal, TextChars))));
        }
        body.Add(Text(T("task.lead") + colon + Plain(Clip(Or(task.LeadUnits.Text, T("task.none")), 300)), TextStyle.Subtle));
        body.Add(Text(T("task.responsible") + colon + Plain(Clip(Or(task.ResponsibleUnits.Text, T("task.none")), 300)), TextStyle.Subtle));
        if (task.ResponsiblePersons.Trim().Length > 0)
        {
            body.Add(Text(T("task.persons") + colon + Plain(Clip(task.ResponsiblePersons, 300)), TextStyle.Subtle));
        }
        if (task.Measures.Count > 0)
        {
            var id = $"measures-{task.Number}";
            body.Add(Actions([new JsonObject
            {
                ["type"] = "Action.ToggleVisibility",
                ["title"] = T("taskStatus.showMeasures", task.Measures.Count),
                ["targetElements"] = new JsonArray(id),
            }]));
            var measures = Container(Measures(task, language));
            measures["id"] = id;
            measures["isVisible"] = false;
            body.Add(measures);
        }
        var actions = new List<JsonNode?>();
        if (view.CanReport)
        {
            actions.Add(Execute(T("action.report"), CardVerbs.ReportOpen, new JsonObject { ["task"] = task.Number }, primary: true));
        }
        if (view.CanDisclose && task.Status == RectificationStatus.SignedOff)
        {
            actions.Add(Execute(T("file.publicNotice"), CardVerbs.DiscloseNotice, new JsonObject { ["task"] = task.Number }));
        }
        return Card(body, actions.Count > 0 ? actions : null);
    }

    /// <summary>Why the task is coloured, in one line; null when it is not.</summary>
    private static string? Alert(TaskStatusView view, SupervisionColour colour, Language language) => colour switch
    {
        SupervisionColour.Red => Localizer.Get(language, "taskStatus.overdue", RectificationRules.DaysOverdue(view.Task, view.Today)),
        SupervisionColour.Yellow when view.Task.Status == RectificationStatus.Lagging && view.FiledThisMonth => Localizer.Get(language, "taskStatus.lagging"),
        SupervisionColour.Yellow => Localizer.Get(language, "taskStatus.unfiled", RectificationRules.MonthlyReportDay),
        SupervisionColour.Blue => Localizer.Get(language, "taskStatus.near", RectificationRules.DaysLeft(view.Task, view.Today)),
        _ => null,
    };

    /// <summary>待销号, 已销号（who, when）, or a long-term task's standing once done; null for any other status.</summary>
    private static string? SignOffLine(TaskStatusView view, Language language) => view.Task.Status switch
    {
        RectificationStatus.Completed when view.Task.Deadline.Kind == DeadlineKind.LongTerm => Localizer.Get(language, "signoff.status.longTerm"),
        RectificationStatus.Completed => Localizer.Get(language, "signoff.status.awaiting"),
        RectificationStatus.SignedOff when view.SignedOffBy is { } d =>
            Localizer.Get(language, "signoff.status.done", Plain(d.DeciderName), SignOff.SignOffCard.When(d.At, language)),
        _ => null,
    };

    private static List<JsonNode?> Measures(RectificationTask task, Language language)
    {
        var items = new List<JsonNode?>();
        var used = 0;
        for (var i = 0; i < task.Measures.Count; i++)
        {
            var text = $"{i + 1}. " + Plain(Clip(task.Measures[i], 600));
            if (used + text.Length > MeasureChars && items.Count > 0)
            {
                items.Add(Text(Localizer.Get(language, "taskStatus.moreMeasures", task.Measures.Count - i), TextStyle.Subtle));
                break;
            }
            used += text.Length;
            items.Add(Text(text));
        }
        return items;
    }

    private static string Or(string value, string fallback) => value.Trim().Length > 0 ? value : fallback;
}
