using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Dialogs.SignOff;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Actions;

/// <summary>The table of card verbs: each verb's handler answers with a replacement card and/or new messages.</summary>
public sealed partial class CardActionRouter
{
    private readonly Dictionary<string, Func<FlowTurn, CardData, CancellationToken, Task<BotReply>>> _verbs;
    private readonly ILogger<CardActionRouter> _logger;
    private readonly AuditTrail _audit;

    public CardActionRouter(ReportConversation reports, SupervisionQueries queries, PlanAnswers plan, MonthlyDigest digest, Notices.NoticeDesk notices, SignOffActions signOff, AuditTrail audit, AuditAnswers trail, Files.FileOffers files, ILogger<CardActionRouter> logger)
    {
        (_logger, _audit) = (logger, audit);
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
            [CardVerbs.SignOffApprove] = signOff.ApproveAsync,
            [CardVerbs.SignOffReturn] = signOff.ReturnAsync,
            [CardVerbs.AuditPage] = (turn, data, ct) => trail.TrailAsync(turn, data.Number("task") is { } task ? (int)task : null, Offset(data), ct),
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
            await RefusedAsync(turn.Context.Activity, AuditActor.Of(turn.Person), verb ?? data?.Verb ?? VerbOf(dataJson), $"refused card action: {problem}", cancellationToken);
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

    /// <summary>
    /// What a card verb writes, as the audit trail names it; null for the verbs that only show something. An unknown verb
    /// counts as a write: forged data cannot be trusted to say it only wanted to read.
    /// </summary>
    public static string? WriteOf(string? verb) => verb switch
    {
        CardVerbs.ReportSubmit or CardVerbs.ReportConfirm => AuditActions.ReportStored,
        CardVerbs.DigestPost => AuditActions.DigestPosted,
        _ when verb is null || !CardVerbs.All.Contains(verb) => AuditActions.CardAction,
        _ => null,
    };

    /// <summary>
    /// A refused card action that tried to write, on the audit trail once per activity (Teams may deliver an invoke again):
    /// the verb and data claimed, and why it was refused. The task named by the data is only what the data said.
    /// </summary>
    public async Task RefusedAsync(Microsoft.Bot.Schema.IActivity activity, AuditActor actor, string? verb, string why, CancellationToken cancellationToken)
    {
        if (WriteOf(verb) is not { } action)
        {
            return;
        }
        await _audit.RefusedAsync(actor, action, TaskOf(activity), $"verb {verb ?? "(none)"}", why,
            string.IsNullOrEmpty(activity.Id) ? null : $"refused:card:{activity.Id}", cancellationToken);
    }

    private static int? TaskOf(Microsoft.Bot.Schema.IActivity activity)
    {
        var value = activity is Microsoft.Bot.Schema.Activity { Value: { } v } ? Newtonsoft.Json.Linq.JToken.FromObject(v) : null;
        var task = value?.SelectToken("action.data.task") ?? value?.SelectToken("task");
        return task?.Type == Newtonsoft.Json.Linq.JTokenType.Integer && task.ToObject<long>() is var n and >= 1 and <= 100_000 ? (int)n : null;
    }

    private static string? VerbOf(string? json)
    {
        try
        {
            return json is not null && JsonNode.Parse(json) is JsonObject o && o["verb"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static int Offset(CardData data) => data.Number("offset") is { } n ? (int)n : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a card action from {UserId}: verb {Verb}, {Problem}")]
    private static partial void LogBadAction(ILogger logger, string userId, string? verb, string problem);
}
