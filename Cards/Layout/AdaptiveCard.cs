using System.Text;
using System.Text.Json.Nodes;

namespace RectifyBot.Cards.Layout;

/// <summary>
/// The Adaptive Card 1.5 elements RectifyBot uses, as <see cref="JsonObject"/> builders (the AdaptiveCards object model
/// is not served here). Optional properties are left out when not set, as the schema's defaults apply.
/// </summary>
public static class AdaptiveCard
{
    public const string Version = "1.5";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams shows at most 40 KB on older clients; every card stays under this.</summary>
    public const int MaxBytes = 40 * 1024;

    public static JsonObject Card(IEnumerable<JsonNode?> body, IEnumerable<JsonNode?>? actions = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = Array(body),
        };
        if (actions is not null && Array(actions) is { Count: > 0 } list)
        {
            card["actions"] = list;
        }
        card["msteams"] = new JsonObject { ["width"] = "Full" };
        return card;
    }

    public static JsonObject Text(string text, TextStyle style = TextStyle.Default, string? color = null, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        switch (style)
        {
            case TextStyle.Title:
                block["size"] = "Medium";
                block["weight"] = "Bolder";
                break;
            case TextStyle.Heading:
                block["weight"] = "Bolder";
                break;
            case TextStyle.Subtle:
                block["isSubtle"] = true;
                block["size"] = "Small";
                break;
        }
        if (color is not null)
        {
            block["color"] = color;
        }
        if (separator)
        {
            block["separator"] = true;
        }
        return block;
    }

    public static JsonObject Facts(IEnumerable<(string Title, string Value)> facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = Array(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })),
    };

    /// <summary>A container; <paramref name="style"/> is one of default, emphasis, good, attention, warning, accent.</summary>
    public static JsonObject Container(IEnumerable<JsonNode?> items, string? style = null, bool separator = false)
    {
        var container = new JsonObject { ["type"] = "Container", ["items"] = Array(items) };
        if (style is not null)
        {
            container["style"] = style;
        }
        if (separator)
        {
            container["separator"] = true;
        }
        return container;
    }

    /// <summary>Columns side by side: the first stretches, the rest size to their content.</summary>
    public static JsonObject Columns(params IEnumerable<JsonNode?>[] columns) => new()
    {
        ["type"] = "ColumnSet",
        ["columns"] = Array(columns.Select((items, i) => (JsonNode)new JsonObject
        {
            ["type"] = "Column",
            ["width"] = i == 0 ? "stretch" : "auto",
            ["verticalContentAlignment"] = "Center",
            ["items"] = Array(items),
        })),
    };

    public static JsonObject TextInput(string id, string label, string value, int maxLength, bool multiline = false, string? placeholder = null, bool required = false, string? errorMessage = null)
    {
        var input = Input("Input.Text", id, label, required, errorMessage);
        input["value"] = value.Length <= maxLength ? value : value[..maxLength]; // the input holds no more than this anyway
        input["maxLength"] = maxLength;
        if (multiline)
        {
            input["isMultiline"] = true;
        }
        if (placeholder is not null)
        {
            input["placeholder"] = placeholder;
        }
        return input;
    }

    public static JsonObject NumberInput(string id, string label, int? value, int min, int max, bool required = false, string? errorMessage = null)
    {
        var input = Input("Input.Number", id, label, required, errorMessage);
        input["min"] = min;
        input["max"] = max;
        if (value is not null)
        {
            input["value"] = value.Value;
        }
        return input;
    }

    public static JsonObject Choices(string id, string label, string value, IEnumerable<(string Value, string Title)> choices, bool multiSelect = false, bool required = false, string? errorMessage = null)
    {
        var input = Input("Input.ChoiceSet", id, label, required, errorMessage);
        input["value"] = value;
        input["style"] = multiSelect ? "expanded" : "compact";
        input["wrap"] = true;
        if (multiSelect)
        {
            input["isMultiSelect"] = true;
        }
        input["choices"] = Array(choices.Select(c => (JsonNode)new JsonObject { ["title"] = ChoiceTitle(c.Title), ["value"] = c.Value }));
        return input;
    }

    /// <summary>
    /// A Teams universal action (invoke <c>adaptiveCard/action</c>). Clients without universal actions fall back to an
    /// <c>Action.Submit</c> carrying the same data, with the verb inside, which arrives as a message with a value.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject? data = null, bool primary = false)
    {
        var payload = data?.DeepClone().AsObject() ?? [];
        payload["verb"] = verb;
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = payload,
            ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = payload.DeepClone() },
        };
        if (primary)
        {
            action["style"] = "positive";
        }
        return action;
    }

    public static JsonObject Actions(IEnumerable<JsonNode?> actions) => new() { ["type"] = "ActionSet", ["actions"] = Array(actions) };

    /// <summary>The card's size as it travels: UTF-8 bytes of its JSON, Chinese characters unescaped (as the Bot Framework sends them).</summary>
    public static int SizeOf(JsonNode card) => Encoding.UTF8.GetByteCount(card.ToJsonString(Compact));

    private static readonly System.Text.Json.JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Data text made safe for a TextBlock or fact: Markdown characters are escaped and angle brackets become
    /// full-width, so stored text can never turn into a mention, a link or markup.
    /// </summary>
    public static string Plain(string text) => Markdown.EscapeForCard(text);

    /// <summary>Text shown where Markdown is not read (choice titles): only angle brackets are made full-width.</summary>
    public static string NoTags(string text) => text.Replace('<', '＜').Replace('>', '＞');

    /// <summary>
    /// A choice title: no tags, and no square brackets, made full-width. Teams shows titles as plain text, but the Adaptive
    /// Cards JS renderer (Web Chat) reads Markdown in check box and radio button titles by default, where stored text such
    /// as <c>[x](http://…)</c> would become a link; backslash escapes would show in Teams, full-width brackets show well in both.
    /// </summary>
    public static string ChoiceTitle(string text) => NoTags(text).Replace('[', '［').Replace(']', '］');

    /// <summary>At most <paramref name="max"/> characters, cut with an ellipsis.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <param name="errorMessage">What the client shows when a required input is left empty (the Adaptive Cards renderer
    /// warns about a required input without one).</param>
    private static JsonObject Input(string type, string id, string label, bool required, string? errorMessage)
    {
        var input = new JsonObject { ["type"] = type, ["id"] = id, ["label"] = label };
        if (required)
        {
            input["isRequired"] = true;
        }
        if (errorMessage is not null)
        {
            input["errorMessage"] = errorMessage;
        }
        return input;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items.Where(i => i is not null)]);
}

public enum TextStyle
{
    Default,
    Title,
    Heading,
    Subtle,
}
