using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards;

/// <summary>
/// One meaning the bot offers when it is not sure: the intent to read the message with, the command it makes (whose name
/// says what it does), the task it names (if any).
/// </summary>
public sealed record ClarifyChoice(string Intent, string Kind, int? Task);

/// <summary>The question the bot asks instead of guessing: 您是想：查看逾期任务 / 报告任务3进展 / 查看任务3？ — one button a meaning.</summary>
public static class ClarifyCard
{
    /// <param name="asked">The id under which the person's state keeps the message asked about (the card does not carry it: it may be long).</param>
    public static JsonObject Build(IReadOnlyList<ClarifyChoice> choices, string asked, Language language) => Card(
        [
            Text(Localizer.Get(language, "clarify.title"), TextStyle.Heading),
            Actions(choices.Select(c => Execute(Title(c, language), CardVerbs.IntentChoose, new JsonObject { ["intent"] = c.Intent, ["asked"] = asked }))),
            Text(Localizer.Get(language, "clarify.hint"), TextStyle.Subtle),
        ]);

    /// <summary>The question as text, for clients that show no cards: 您是想：查看逾期任务 / 报告任务3进展？</summary>
    public static string AsText(IReadOnlyList<ClarifyChoice> choices, Language language) =>
        Localizer.Get(language, "clarify.text", string.Join(" / ", choices.Select(c => Title(c, language))));

    /// <summary>What a meaning does, in words: 查看逾期任务, 报告任务3进展, report progress on task 3.</summary>
    public static string Title(ClarifyChoice choice, Language language) =>
        choice.Task is { } task && Localizer.Keys(language).Contains($"intent.{choice.Kind}.task")
            ? Localizer.Get(language, $"intent.{choice.Kind}.task", task)
            : Localizer.Get(language, $"intent.{choice.Kind}");
}
