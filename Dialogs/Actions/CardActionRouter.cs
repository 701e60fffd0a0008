using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Tasks.Recognition;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Actions;

/// <summary>The table of card verbs: each verb's handler answers with a replacement card and/or new messages.</summary>
public sealed partial class CardActionRouter
{
    private readonly Dictionary<string, Func<FlowTurn, CardData, CancellationToken, Task<CardReply>>> _verbs;
    private readonly ILogger<CardActionRouter> _logger;

    public CardActionRouter(ReportConversation reports, SupervisionQueries queries, ILogger<CardActionRouter> logger)
    {
        _logger = logger;
        _verbs = new(StringComparer.Ordinal)
        {
            [CardVerbs.ReportOpen] = reports.OpenAsync,
            [CardVerbs.ReportSubmit] = reports.SubmitAsync,
            [CardVerbs.ReportConfirm] = reports.SubmitAsync,
            [CardVerbs.ReportEdit] = reports.EditAsync,
            [CardVerbs.ReportCancel] = (turn, data, _) => Task.FromResult(ReportConversation.Cancel(turn, data)),
            [CardVerbs.OwedShow] = async (turn, _, ct) => CardReply.Send([.. (await queries.OwedAsync(turn, null, ct)).Select(c => Replies.Card(c))]),
            [CardVerbs.OverduePage] = async (turn, data, ct) => CardReply.Send(Replies.Card(await queries.OverdueAsync(turn, data.Query(), Offset(data), ct))),
            [CardVerbs.UnfiledPage] = async (turn, data, ct) => CardReply.Send([.. (await queries.UnfiledAsync(turn, YearMonth.TryParse(data.Text("months"), out var m) ? [m] : null, Offset(data), ct)).Select(c => Replies.Card(c))]),
            [CardVerbs.TasksPage] = async (turn, data, ct) => CardReply.Send(await reports.PickerAsync(turn, null, ct, Offset(data), mine: true)),
        };
    }

    /// <summary>Runs the verb; null when the verb or its data is not one of the bot's own (the caller answers 400).</summary>
    public async Task<CardReply?> HandleAsync(FlowTurn turn, string? verb, string? dataJson, CancellationToken cancellationToken)
    {
        var data = CardData.Parse(dataJson, out var problem);
        verb ??= data?.Verb;
        if (data is null || verb is null || !_verbs.TryGetValue(verb, out var handler))
        {
            LogBadAction(_logger, turn.Person.Key, verb, problem ?? "unknown verb");
            return null;
        }
        var reply = await handler(turn, data, cancellationToken);
        return reply with { EndsReportFlow = verb is CardVerbs.ReportSubmit or CardVerbs.ReportConfirm or CardVerbs.ReportCancel };
    }

    /// <summary>The next page of a list, for "show more" typed as text.</summary>
    public Task<CardReply?> ContinueListAsync(FlowTurn turn, ListState list, CancellationToken cancellationToken)
    {
        var data = JsonNode.Parse(list.Query) as JsonObject ?? [];
        data["offset"] = list.NextOffset;
        return HandleAsync(turn, list.Verb, data.ToJsonString(), cancellationToken);
    }

    private static int Offset(CardData data) => data.Number("offset") is { } n and >= 0 and < 1_000_000 ? (int)n : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a card action from {UserId}: verb {Verb}, {Problem}")]
    private static partial void LogBadAction(ILogger logger, string userId, string? verb, string problem);
}
