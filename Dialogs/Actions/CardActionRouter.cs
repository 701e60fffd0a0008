using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Actions;

/// <summary>The table of card verbs: each verb's handler answers with a replacement card and/or new messages.</summary>
public sealed partial class CardActionRouter
{
    private readonly Dictionary<string, Func<FlowTurn, CardData, CancellationToken, Task<BotReply>>> _verbs;
    private readonly ILogger<CardActionRouter> _logger;

    public CardActionRouter(ReportConversation reports, SupervisionQueries queries, PlanAnswers plan, MonthlyDigest digest, Notices.NoticeDesk notices, Files.FileOffers files, ILogger<CardActionRouter> logger)
    {
        _logger = logger;
        _verbs = new(StringComparer.Ordinal)
        {
            [CardVerbs.ReportOpen] = reports.OpenAsync,
            [CardVerbs.ReportSubmit] = async (turn, data, ct) => await reports.SubmitAsync(turn, data, ct) with { EndsFlow = true },
            [CardVerbs.ReportConfirm] = async (turn, data, ct) => await reports.SubmitAsync(turn, data, ct) with { EndsFlow = true },
            [CardVerbs.ReportEdit] = reports.EditAsync,
            [CardVerbs.ReportCancel] = (turn, data, _) => Task.FromResult(ReportConversation.Cancel(turn, data) with { EndsFlow = true }),
            [CardVerbs.OwedShow] = async (turn, _, ct) => BotReply.Send([.. (await queries.OwedAsync(turn, null, ct)).Select(c => Replies.Card(c))]),
            [CardVerbs.OverduePage] = async (turn, data, ct) => BotReply.Lists([await queries.OverdueAsync(turn, data.Query(), Offset(data), ct)]),
            [CardVerbs.UnfiledPage] = async (turn, data, ct) => BotReply.Lists(await queries.UnfiledAsync(turn, YearMonth.TryParse(data.Text("months"), out var m) ? [m] : null, Offset(data), ct)),
            [CardVerbs.TasksPage] = async (turn, data, ct) => BotReply.Lists([await reports.MyTasksAsync(turn, Offset(data), ct)]),
            [CardVerbs.DigestPost] = digest.PostAsync,
            [CardVerbs.DigestCancel] = digest.CancelAsync,
            [CardVerbs.DigestView] = digest.ViewAsync,
            [CardVerbs.DigestUnit] = digest.UnitAsync,
            [CardVerbs.DueSoonPage] = async (turn, data, ct) => BotReply.Lists([await plan.DueSoonAsync(turn, data.Number("days") is { } days ? (int)days : null, Offset(data), ct)]),
            [CardVerbs.UnitShow] = (turn, data, ct) => plan.UnitAsync(turn, data.Text("unit"), ct),
            [CardVerbs.OverviewShow] = (turn, _, ct) => plan.OverviewAsync(turn, ct),
            [CardVerbs.QuarterWorkbook] = files.WorkbookAsync,
            [CardVerbs.DiscloseNotice] = files.NoticeAsync,
            [CardVerbs.NoticeIssue] = notices.IssueAsync,
            [CardVerbs.NoticeCancel] = notices.CancelAsync,
            [CardVerbs.NoticeAcknowledge] = notices.AcknowledgeAsync,
            [CardVerbs.NoticeAnswer] = notices.AnswerAsync,
            [CardVerbs.NoticeList] = notices.PageAsync,
            [CardVerbs.NoticeShow] = notices.ShowAsync,
            [CardVerbs.NoticeClose] = notices.CloseAsync,
        };
    }

    /// <summary>
    /// Runs the verb (the invoke's; for an <c>Action.Submit</c> message, null: the data's own) on data checked against its
    /// schema; data that is not one of the bot's own cards' is answered <see cref="BotReply.BadData"/> and runs nothing.
    /// </summary>
    public async Task<BotReply> HandleAsync(FlowTurn turn, string? verb, string? dataJson, CancellationToken cancellationToken)
    {
        var data = CardData.Parse(verb, dataJson, out var problem);
        if (data is null || !_verbs.TryGetValue(data.Verb, out var handler))
        {
            problem ??= "unknown verb";
            LogBadAction(_logger, turn.Person.Key, verb ?? data?.Verb, problem);
            return BotReply.BadData(problem);
        }
        return await handler(turn, data, cancellationToken);
    }

    /// <summary>The next page of a list, for "show more" typed as text.</summary>
    public Task<BotReply> ContinueListAsync(FlowTurn turn, ListState list, CancellationToken cancellationToken)
    {
        var data = JsonNode.Parse(list.Query) as JsonObject ?? [];
        data["offset"] = list.NextOffset;
        return HandleAsync(turn, list.Verb, data.ToJsonString(), cancellationToken);
    }

    private static int Offset(CardData data) => data.Number("offset") is { } n ? (int)n : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a card action from {UserId}: verb {Verb}, {Problem}")]
    private static partial void LogBadAction(ILogger logger, string userId, string? verb, string problem);
}
