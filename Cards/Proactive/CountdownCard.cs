using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Lists;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Proactive;

/// <summary>A deadline watched by countdown (倒计时督办): the task, its deadline and how many days are left; negative when past.</summary>
public sealed record CountdownView(RectificationTask Task, DateOnly Deadline, int DaysLeft);

/// <summary>
/// The countdown notice: 30 days before a deadline (blue), 7 and 1 days before (yellow), the day after it when the task
/// is not completed (red, overdue) — with the task and a report button.
/// </summary>
public static class CountdownCard
{
    public static SupervisionColour ColourOf(int daysLeft) => daysLeft switch
    {
        < 0 => SupervisionColour.Red,
        <= 7 => SupervisionColour.Yellow,
        _ => SupervisionColour.Blue,
    };

    public static JsonObject Build(CountdownView view, Language language) =>
        Card(
        [
            Text(Localizer.Get(language, view.DaysLeft < 0 ? "countdown.overdueTitle" : "countdown.title", view.Task.Number), TextStyle.Title),
            Text(Summary(view, language)),
            TaskLine.Build(view.Task, Localizer.Get(language, $"status.{view.Task.Status}") + $" · {view.Task.PercentComplete}%", ColourOf(view.DaysLeft), language),
        ]);

    public static string Summary(CountdownView view, Language language) => view.DaysLeft < 0
        ? Localizer.Get(language, "countdown.overdue", view.Task.Number, view.Deadline.ToString("yyyy-MM-dd"), -view.DaysLeft)
        : Localizer.Get(language, "countdown.left", view.Task.Number, view.Deadline.ToString("yyyy-MM-dd"), view.DaysLeft);
}
