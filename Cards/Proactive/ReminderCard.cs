using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Lists;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Proactive;

/// <summary>A unit's month: the tasks whose monthly report it has not filed yet, due on the 15th.</summary>
public sealed record ReminderView(string Unit, YearMonth Month, DateOnly Today, IReadOnlyList<ReportObligation> Unfiled);

/// <summary>The monthly report reminder sent to each person of a unit that still owes reports: which tasks, the deadline, a report button per task.</summary>
public static class ReminderCard
{
    public const int MaxLines = 12;

    public static JsonObject Build(ReminderView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var due = RectificationRules.ReportDueDate(view.Month);
        var days = due.DayNumber - view.Today.DayNumber;
        var body = new List<JsonNode?>
        {
            Text(T("reminder.title", OwedCard.MonthName(view.Month, language)), TextStyle.Title),
            Text(T("reminder.text", UnitText.Show(view.Unit), due.ToString("yyyy-MM-dd"), view.Unfiled.Count, days), TextStyle.Default),
        };
        foreach (var obligation in view.Unfiled.Take(MaxLines))
        {
            body.Add(TaskLine.Build(obligation.Task, T($"role.{obligation.Role}") + " · " + T("owed.notFiledLeft", Math.Max(days, 0)),
                days <= 1 ? SupervisionColour.Yellow : SupervisionColour.None, language));
        }
        if (view.Unfiled.Count > MaxLines)
        {
            body.Add(Text(T("owed.moreLines", view.Unfiled.Count - MaxLines), TextStyle.Subtle));
        }
        return Card(body, [Execute(T("owed.button"), CardVerbs.OwedShow)]);
    }

    /// <summary>The reminder as plain text, for notifications and clients that show no cards.</summary>
    public static string Summary(ReminderView view, Language language) =>
        Localizer.Get(language, "reminder.text", UnitText.ShowInMessage(view.Unit), RectificationRules.ReportDueDate(view.Month).ToString("yyyy-MM-dd"), view.Unfiled.Count,
            RectificationRules.ReportDueDate(view.Month).DayNumber - view.Today.DayNumber);
}
