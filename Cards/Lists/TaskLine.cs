using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>One task as a line of a list card: its number and problem, a detail line, the supervision colour, a report button.</summary>
public static class TaskLine
{
    /// <summary>Longest problem text a list line shows; the task itself shows it whole.</summary>
    public const int ProblemChars = 48;

    public static JsonObject Build(RectificationTask task, string detail, SupervisionColour colour, Language language, bool reportButton = true)
    {
        var title = Localizer.Get(language, "task.title", task.Number) + " · " + Plain(Clip(task.Problem, ProblemChars));
        var mark = colour == SupervisionColour.None ? "" : Localizer.Get(language, $"colour.{colour}") + " ";
        var text = new JsonNode?[] { Text(mark + title, TextStyle.Heading), Text(detail, TextStyle.Subtle) };
        JsonNode content = reportButton
            ? Columns(text, [Actions([Execute(Localizer.Get(language, "action.report"), CardVerbs.ReportOpen, new JsonObject { ["task"] = task.Number })])])
            : Container(text);
        return Container([content], StyleOf(colour));
    }

    /// <summary>The container style Teams shows for a colour: red attention, yellow warning, blue accent.</summary>
    public static string? StyleOf(SupervisionColour colour) => colour switch
    {
        SupervisionColour.Red => "attention",
        SupervisionColour.Yellow => "warning",
        SupervisionColour.Blue => "accent",
        _ => null,
    };

    /// <summary>A "show more" button carrying the next page's query, in an action set of its own.</summary>
    public static JsonObject More(string verb, JsonObject query, int nextOffset, int remaining, Language language) =>
        Actions([MoreAction(verb, query, nextOffset, remaining, language)]);

    /// <summary>The "show more" action itself, for a card that sets it beside other buttons.</summary>
    public static JsonObject MoreAction(string verb, JsonObject query, int nextOffset, int remaining, Language language)
    {
        var data = query.DeepClone().AsObject();
        data["offset"] = nextOffset;
        return Execute(Localizer.Get(language, "list.more", remaining), verb, data);
    }
}
