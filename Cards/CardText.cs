using System.Text;
using System.Text.Json.Nodes;

namespace RectifyBot.Cards;

/// <summary>An Adaptive Card as readable text, for the terminal chat and for clients that show no cards.</summary>
public static class CardText
{
    public static string Render(JsonNode? card)
    {
        var sb = new StringBuilder();
        RenderElements(card?["body"] as JsonArray, sb, "");
        RenderActions(card?["actions"] as JsonArray, sb, "");
        return sb.ToString().TrimEnd();
    }

    private static void RenderElements(JsonArray? elements, StringBuilder sb, string indent)
    {
        foreach (var element in elements ?? [])
        {
            var type = (string?)element?["type"];
            switch (type)
            {
                case "TextBlock":
                    sb.Append(indent).AppendLine((string?)element!["text"]);
                    break;
                case "RichTextBlock":
                    sb.Append(indent).AppendLine(string.Concat((element!["inlines"] as JsonArray ?? []).Select(i => i is JsonValue v ? (string?)v : (string?)i?["text"])));
                    break;
                case "FactSet":
                    foreach (var fact in element!["facts"] as JsonArray ?? [])
                    {
                        sb.Append(indent).Append((string?)fact?["title"]).Append(": ").AppendLine((string?)fact?["value"]);
                    }
                    break;
                case "Container":
                    RenderElements(element!["items"] as JsonArray, sb, indent);
                    break;
                case "ColumnSet":
                    foreach (var column in element!["columns"] as JsonArray ?? [])
                    {
                        RenderElements(column?["items"] as JsonArray, sb, indent);
                    }
                    break;
                case "ActionSet":
                    RenderActions(element!["actions"] as JsonArray, sb, indent);
                    break;
                case { } input when input.StartsWith("Input.", StringComparison.Ordinal):
                    var label = (string?)element!["label"] ?? (string?)element["placeholder"] ?? (string?)element["id"];
                    var value = element["value"]?.ToString() ?? "";
                    sb.Append(indent).Append("[").Append(label).Append(": ").Append(value).Append("] (").Append((string?)element["id"]).AppendLine(")");
                    if (element["choices"] is JsonArray choices)
                    {
                        sb.Append(indent).Append("  ").AppendLine(string.Join(" | ", choices.Select(c => $"{(string?)c?["value"]}={(string?)c?["title"]}")));
                    }
                    break;
            }
        }
    }

    private static void RenderActions(JsonArray? actions, StringBuilder sb, string indent)
    {
        if (actions is { Count: > 0 })
        {
            sb.Append(indent).AppendLine(string.Join("  ", actions.Select(a => $"[{(string?)a?["title"]}]")));
        }
    }
}
