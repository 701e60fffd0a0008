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

        // Each task once: a task that owes a report carries its deadline or its days overdue on that line; the other
        // parts list only the tasks not already shown (a unit both leading and responsible owes one report a task).
        var reports = view.Reports.OrderBy(r => r.Role).DistinctBy(r => r.Task.Number).OrderBy(r => r.Task.Number).ToList();
        var shown = reports.Select(r => r.Task.Number).ToHashSet();
        var dueInMonth = view.DueInMonth.Where(t => shown.Add(t.Number)).ToList();
        var overdue = view.Overdue.Where(t => shown.Add(t.Number)).ToList();

        var due = RectificationRules.ReportDueDate(view.Month);
        if (reports.Count > 0)
        {
            var filed = reports.Count(r => r.IsFiled);
            body.Add(Text(T("owed.reports", due.ToString("yyyy-MM-dd"), filed, reports.Count), TextStyle.Heading, separator: true));
            foreach (var obligation in reports.Take(MaxLines))
            {
                var task = obligation.Task;
                var parts = new List<string> { T($"role.{obligation.Role}") };
                if (obligation.Filed is { } report)
                {
                    parts.Add(T("owed.filed", ReportText.Describe(report, language)));
                }
                else
                {
                    var days = obligation.DaysUntilDue(today);
                    parts.Add(days > 0 ? T("owed.notFiledLeft", days) : days == 0 ? T("owed.notFiledToday") : T("owed.notFiledLate", -days));
                }
                if (RectificationRules.IsOverdue(task, today))
                {
                    parts.Add(Localizer.Count(language, "count.daysOverdue", RectificationRules.DaysOverdue(task, today)));
                }
                else if (view.DueInMonth.Any(t => t.Number == task.Number))
                {
                    parts.Add(TaskCountdown.Text(task, today, language));
                }
                body.Add(TaskLine.Build(task, string.Join(" · ", parts), obligation.IsFiled ? Supervision.ColourOf(task, today, true) : MissingColour(task, today, due), language));
            }
            AddMore(body, reports.Count, language);
        }

        if (dueInMonth.Count > 0)
        {
            body.Add(Text(T("owed.deadlines", dueInMonth.Count), TextStyle.Heading, separator: true));
            foreach (var task in dueInMonth.Take(MaxLines))
            {
                body.Add(TaskLine.Build(task, TaskCountdown.Text(task, today, language) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%",
                    Supervision.ColourOf(task, today, true), language));
            }
            AddMore(body, dueInMonth.Count, language);
        }

        if (overdue.Count > 0)
        {
            body.Add(Text(T("owed.overdue", overdue.Count), TextStyle.Heading, separator: true));
            foreach (var task in overdue.Take(MaxLines))
            {
                body.Add(TaskLine.Build(task, Localizer.Count(language, "count.daysOverdue", RectificationRules.DaysOverdue(task, today)) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%",
                    SupervisionColour.Red, language));
            }
            AddMore(body, overdue.Count, language);
        }
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
