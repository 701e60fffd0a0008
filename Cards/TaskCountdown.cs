using System.Text;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Cards;

/// <summary>A task's deadline as a countdown, shared by the task cards, the lists and the deadline answer.</summary>
public static class TaskCountdown
{
    /// <summary>(2020-12-31, 17 days left) / (2018-12-31, 69 days overdue) / (long-term).</summary>
    public static string Text(RectificationTask task, DateOnly today, Language language)
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
