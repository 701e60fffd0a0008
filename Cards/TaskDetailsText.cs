using System.Text;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Cards;

/// <summary>A task's details as a Teams message (Markdown), in the user's language.</summary>
public static class TaskDetailsText
{
    public static string Build(RectificationTask task, DateOnly today, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var colon = language == Language.Chinese ? "：" : ": ";
        var sb = new StringBuilder();
        var heading = string.Join(" · ", new[] { T("task.title", task.Number), task.Category, task.Section }.Where(s => s.Length > 0));
        sb.Append("**").Append(Markdown.Escape(heading)).Append("**\n\n");
        sb.Append("**").Append(T("task.problem")).Append("**").Append(colon).Append(Markdown.Escape(task.Problem)).Append("\n\n");
        if (task.Goal.Length > 0)
        {
            sb.Append("**").Append(T("task.goal")).Append("**").Append(colon).Append(Markdown.Escape(task.Goal)).Append("\n\n");
        }
        if (task.Measures.Count > 0)
        {
            sb.Append("**").Append(T("task.measures")).Append("**").Append(colon).Append('\n');
            for (var i = 0; i < task.Measures.Count; i++)
            {
                sb.Append(i + 1).Append(". ").Append(Markdown.Escape(task.Measures[i])).Append('\n');
            }
            sb.Append('\n');
        }
        sb.Append("**").Append(T("task.deadline")).Append("**").Append(colon).Append(Markdown.Escape(task.Deadline.Text)).Append(' ').Append(Countdown(task, today, language)).Append("\n\n");
        sb.Append("**").Append(T("task.lead")).Append("**").Append(colon).Append(Markdown.Escape(Or(task.LeadUnits.Text, T("task.none")))).Append("\n\n");
        sb.Append("**").Append(T("task.responsible")).Append("**").Append(colon).Append(Markdown.Escape(Or(task.ResponsibleUnits.Text, T("task.none")))).Append("\n\n");
        sb.Append("**").Append(T("task.persons")).Append("**").Append(colon).Append(Markdown.Escape(Or(task.ResponsiblePersons, T("task.none")))).Append("\n\n");
        var last = task.LastReportAt is { } at ? PlanClock.ToPlanTime(at).ToString("yyyy-MM-dd HH:mm") : T("task.none");
        sb.Append("**").Append(T("task.progress")).Append("**").Append(colon)
            .Append(T($"status.{task.Status}")).Append(" · ").Append(task.PercentComplete).Append("% · ")
            .Append(T("task.lastReport")).Append(colon).Append(last);
        return sb.ToString();
    }

    /// <summary>(2020-12-31, 17 days left) / (2018-12-31, 69 days overdue) / (long-term).</summary>
    public static string Countdown(RectificationTask task, DateOnly today, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var (open, close, sep) = language == Language.Chinese ? ("（", "）", "，") : ("(", ")", ", ");
        if (task.Deadline.Date is not { } date)
        {
            return open + (task.Deadline.Kind == DeadlineKind.Dated ? T("task.noDate") : T($"kind.{task.Deadline.Kind}")) + close;
        }
        var left = RectificationRules.DaysLeft(task, today)!.Value;
        var state = RectificationRules.IsFinished(task) ? T($"status.{task.Status}")
            : left > 0 ? T("task.daysLeft", left)
            : left == 0 ? T("task.dueToday")
            : T("task.daysOverdue", -left);
        return open + date.ToString("yyyy-MM-dd") + sep + state + close;
    }

    private static string Or(string value, string fallback) => value.Trim().Length > 0 ? value : fallback;
}

/// <summary>Keeps data from being read as Markdown or markup: in a Teams message, or in an Adaptive Card.</summary>
public static class Markdown
{
    /// <summary>For a Teams message: Markdown characters escaped, angle brackets as HTML entities.</summary>
    public static string Escape(string text) => Escape(text, "&lt;", "&gt;");

    /// <summary>For a card's TextBlock or fact, where entities show as typed: angle brackets become full-width.</summary>
    public static string EscapeForCard(string text) => Escape(text, "＜", "＞");

    private static string Escape(string text, string less, string greater)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append(less); break;
                case '>': sb.Append(greater); break;
                case '\\' or '*' or '_' or '`' or '[' or ']' or '#' or '~' or '|': sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
