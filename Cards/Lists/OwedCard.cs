using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>What a unit owes in a month: the monthly reports, the deadlines falling in it, and what is already overdue.</summary>
public sealed record OwedView(string Unit, YearMonth Month, DateOnly Today, IReadOnlyList<ReportObligation> Reports, IReadOnlyList<RectificationTask> DueInMonth, IReadOnlyList<RectificationTask> Overdue);

public static class OwedCard
{
    /// <summary>Lines per part; a unit with more sees the count and asks for its task list.</summary>
    public const int MaxLines = 12;

    public static JsonObject Build(OwedView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var today = view.Today;
        var body = new List<JsonNode?>
        {
            Text(T("owed.title", UnitText.Show(view.Unit), MonthName(view.Month, language)), TextStyle.Title),
        };
        if (view.Reports.Count == 0 && view.DueInMonth.Count == 0 && view.Overdue.Count == 0)
        {
            body.Add(Text(T("owed.nothing")));
            return Card(body);
        }

        var due = RectificationRules.ReportDueDate(view.Month);
        var filed = view.Reports.Count(r => r.IsFiled);
        body.Add(Text(T("owed.reports", due.ToString("yyyy-MM-dd"), filed, view.Reports.Count), TextStyle.Heading, separator: true));
        foreach (var obligation in view.Reports.Take(MaxLines))
        {
            var task = obligation.Task;
            var role = T($"role.{obligation.Role}");
            string detail;
            if (obligation.Filed is { } report)
            {
                detail = role + " · " + T("owed.filed", ReportText.Describe(report, language));
            }
            else
            {
                var days = obligation.DaysUntilDue(today);
                detail = role + " · " + (days > 0 ? T("owed.notFiledLeft", days) : days == 0 ? T("owed.notFiledToday") : T("owed.notFiledLate", -days));
            }
            body.Add(TaskLine.Build(task, detail, obligation.IsFiled ? Supervision.ColourOf(task, today, true) : MissingColour(task, today, due), language));
        }
        AddMore(body, view.Reports.Count, language);

        body.Add(Text(T("owed.deadlines", view.DueInMonth.Count), TextStyle.Heading, separator: true));
        foreach (var task in view.DueInMonth.Take(MaxLines))
        {
            body.Add(TaskLine.Build(task, TaskDetailsText.Countdown(task, today, language) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%",
                Supervision.ColourOf(task, today, true), language));
        }
        AddMore(body, view.DueInMonth.Count, language);

        body.Add(Text(T("owed.overdue", view.Overdue.Count), TextStyle.Heading, separator: true));
        foreach (var task in view.Overdue.Take(MaxLines))
        {
            body.Add(TaskLine.Build(task, T("task.daysOverdue", RectificationRules.DaysOverdue(task, today)) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%",
                SupervisionColour.Red, language));
        }
        AddMore(body, view.Overdue.Count, language);
        return Card(body);
    }

    /// <summary>A report not filed is yellow once the 15th has passed, unless the task is worse (overdue).</summary>
    private static SupervisionColour MissingColour(RectificationTask task, DateOnly today, DateOnly due)
    {
        var colour = Supervision.ColourOf(task, today, filedThisMonth: false);
        return today > due && colour < SupervisionColour.Yellow ? SupervisionColour.Yellow : colour;
    }

    private static void AddMore(List<JsonNode?> body, int count, Language language)
    {
        if (count > MaxLines)
        {
            body.Add(Text(Localizer.Get(language, "owed.moreLines", count - MaxLines), TextStyle.Subtle));
        }
    }

    public static string MonthName(YearMonth month, Language language) =>
        language == Language.Chinese ? $"{month.Year}年{month.Month}月" : new DateOnly(month.Year, month.Month, 1).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
