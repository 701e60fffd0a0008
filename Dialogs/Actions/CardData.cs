using System.Text.Json;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Report;

namespace RectifyBot.Dialogs.Actions;

/// <summary>
/// The data a card action posts back (<c>Action.Execute</c> data, or an <c>Action.Submit</c> message's value), checked
/// before anything reads it: only known keys, each a string or number of sane length. Nothing in it says who the user is.
/// </summary>
public sealed class CardData
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "verb", "task", "version", "cardId", "offset", "unit", "days", "section", "months", "msteams",
        ReportFields.StatusId, ReportFields.PercentId, ReportFields.SummaryId, ReportFields.NextStepsId,
        ReportFields.MeasuresDoneId, ReportFields.ExpectedId, ReportFields.EvidenceId, ReportFields.ReasonId,
    };

    private readonly JsonObject _data;

    private CardData(JsonObject data) => _data = data;

    public string Verb => Text("verb");

    /// <summary>The data, or null with the reason when it is not what the bot's cards send.</summary>
    public static CardData? Parse(string? json, out string? problem)
    {
        problem = null;
        JsonObject? data;
        try
        {
            data = json is null ? null : JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            data = null;
        }
        if (data is null)
        {
            problem = "not an object";
            return null;
        }
        foreach (var (key, value) in data)
        {
            if (!Known.Contains(key))
            {
                problem = $"unknown field {key}";
                return null;
            }
            if (key == "msteams")
            {
                continue;
            }
            if (value is not JsonValue v || v.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                problem = $"field {key} is not a value";
                return null;
            }
            if (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 5000)
            {
                problem = $"field {key} is too long";
                return null;
            }
        }
        return new CardData(data);
    }

    public bool Has(string key) => _data.ContainsKey(key);

    public string Text(string key) => _data[key] is JsonValue v ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString() : "";

    /// <summary>A whole number field, or null when missing or not a whole number.</summary>
    public long? Number(string key) => long.TryParse(Text(key), out var n) ? n : null;

    /// <summary>A card instance id: letters, digits and dashes, 8–64 long.</summary>
    public string? CardId => Text("cardId") is { Length: >= 8 and <= 64 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? id : null;

    public ReportFields Fields => new()
    {
        Status = Text(ReportFields.StatusId),
        Percent = Text(ReportFields.PercentId),
        Summary = Text(ReportFields.SummaryId),
        NextSteps = Text(ReportFields.NextStepsId),
        MeasuresDone = Text(ReportFields.MeasuresDoneId),
        Expected = Text(ReportFields.ExpectedId),
        Evidence = Text(ReportFields.EvidenceId),
        Reason = Text(ReportFields.ReasonId),
    };

    /// <summary>The list query fields, for the next page of a list.</summary>
    public JsonObject Query()
    {
        var query = new JsonObject();
        foreach (var key in new[] { "unit", "days", "section", "months" })
        {
            if (_data[key] is { } value)
            {
                query[key] = value.DeepClone();
            }
        }
        return query;
    }
}

/// <summary>What a card action answers: a card to replace the one acted on, and/or new messages.</summary>
public sealed record CardReply(System.Text.Json.Nodes.JsonObject? Replacement, IReadOnlyList<Microsoft.Bot.Schema.IActivity> Messages)
{
    public static CardReply Replace(System.Text.Json.Nodes.JsonObject card) => new(card, []);

    public static CardReply Send(params Microsoft.Bot.Schema.IActivity[] messages) => new(null, messages);

    /// <summary>The data is not what the bot's cards post (a field missing or of the wrong type): answered as a bad request.</summary>
    public static readonly CardReply BadData = new(null, []) { IsBadData = true };

    public bool IsBadData { get; private init; }

    /// <summary>The action finished a report form (submitted, confirmed or cancelled it): the text flow beside it ends too.</summary>
    public bool EndsReportFlow { get; init; }
}
