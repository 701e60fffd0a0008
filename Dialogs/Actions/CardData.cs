using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Actions;

/// <summary>
/// The data a card action posts back (<c>Action.Execute</c> data, or an <c>Action.Submit</c> message's value), checked
/// against the schema of its verb (<c>card-data.schema.json</c>) before anything reads it: only that verb's fields,
/// each of its type and bounds. Nothing in it says who the user is.
/// </summary>
public sealed class CardData
{
    private static readonly JsonSchema Schema = LoadSchema();

    private readonly JsonObject _data;

    private CardData(JsonObject data) => _data = data;

    public string Verb => Text("verb");

    /// <summary>
    /// The data, or null with the reason when it is not what the bot's cards send for <paramref name="verb"/> (the
    /// invoke's verb; for an <c>Action.Submit</c> message, null: the verb is the data's own).
    /// </summary>
    public static CardData? Parse(string? verb, string? json, out string? problem)
    {
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
        if (verb is not null)
        {
            if (data["verb"] is { } inner && (inner.GetValueKind() != JsonValueKind.String || inner.GetValue<string>() != verb))
            {
                problem = "the data names another verb";
                return null;
            }
            data["verb"] = verb;
        }
        var result = Schema.Evaluate(data, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            problem = FirstError(result);
            return null;
        }
        problem = null;
        return new CardData(data);
    }

    public string Text(string key) => _data[key] is JsonValue v ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString() : "";

    /// <summary>A whole number field (the schema says which are), or null when missing.</summary>
    public long? Number(string key) => _data[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The card instance id (the schema allows letters, digits and dashes, 8–64 long).</summary>
    public string? CardId => _data["cardId"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

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
        foreach (var key in new[] { "unit", "days", "section", "months", "view" })
        {
            if (_data[key] is { } value)
            {
                query[key] = value.DeepClone();
            }
        }
        return query;
    }

    private static string FirstError(EvaluationResults result)
    {
        var failed = result.Details.FirstOrDefault(d => d.HasErrors && d.Errors!.Count > 0) ?? result;
        var message = failed.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")) : "does not match its verb's schema";
        return $"{failed.InstanceLocation} {message}".Trim();
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(CardData).Assembly.GetManifestResourceStream("RectifyBot.Dialogs.Actions.card-data.schema.json")
            ?? throw new InvalidOperationException("The card data schema is not embedded.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}

/// <summary>A list card as a message and, when it offers more, where "show more" continues.</summary>
public sealed record ListReply(Microsoft.Bot.Schema.IMessageActivity Message, ListState? Next);

/// <summary>
/// What a command or a card action answers: a card to replace the one acted on (card actions), new messages, and what it
/// changes in the person's conversation state — a flow it ended, the list "show more" now continues.
/// </summary>
public sealed record BotReply(System.Text.Json.Nodes.JsonObject? Replacement, IReadOnlyList<Microsoft.Bot.Schema.IActivity> Messages)
{
    public static BotReply Replace(System.Text.Json.Nodes.JsonObject card) => new(card, []);

    public static BotReply Send(params Microsoft.Bot.Schema.IActivity[] messages) => new(null, messages);

    /// <summary>List cards: "show more" typed next continues the list when there is exactly one and it has more.</summary>
    public static BotReply Lists(IReadOnlyList<ListReply> lists) =>
        new(null, [.. lists.Select(l => l.Message)]) { ShowsList = true, NextPage = lists.Count == 1 ? lists[0].Next : null };

    /// <summary>The data is not what the bot's cards post (a field missing, extra or of the wrong type): answered as a bad request.</summary>
    public static BotReply BadData(string problem) => new(null, []) { Problem = problem };

    /// <summary>Why the data was refused, when it was.</summary>
    public string? Problem { get; private init; }

    public bool IsBadData => Problem is not null;

    /// <summary>The action finished a report form (submitted, confirmed or cancelled it): the text flow beside it ends too.</summary>
    public bool EndsFlow { get; init; }

    /// <summary>The <see cref="IFlow.Name"/> of a flow this reply started; the person's next messages go to it.</summary>
    public string? StartsFlow { get; init; }

    /// <summary>The reply shows a list; <see cref="NextPage"/> is where "show more" continues (null: nothing more).</summary>
    public bool ShowsList { get; private init; }

    public ListState? NextPage { get; private init; }
}
