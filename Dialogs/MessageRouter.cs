using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs;

public sealed class DialogsOptions
{
    /// <summary>A flow left this long without an answer is dropped.</summary>
    public int FlowIdleMinutes { get; set; } = 30;
}

/// <summary>
/// Reads a user's message and answers it: global words first (help, cancel), then the flow in progress, then the
/// commands. Card submissions arriving as messages (<c>Action.Submit</c>) go to the card verb table.
/// </summary>
public sealed partial class MessageRouter(
    ITaskStore store, TimeProvider time, PrivateConversationState conversationState, PersonResolver people, FlowRunner runner, ReportFlow reportFlow,
    ReportConversation reports, SupervisionQueries queries, CardActionRouter cards, TextAnswers answers, IOptions<DialogsOptions> options, ILogger<MessageRouter> logger)
{
    /// <summary>Messages longer than this are refused unread.</summary>
    public const int MaxMessageLength = 4000;

    private readonly IStatePropertyAccessor<ConversationData> _data = conversationState.CreateProperty<ConversationData>("RectifyBot.Conversation");

    public async Task HandleAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = Localizer.FromLocale(activity.Locale);
        var text = activity.Text ?? "";
        if (text.Length > MaxMessageLength)
        {
            LogRefused(logger, UserId(activity), "message too long");
            await turnContext.SendAsync(Localizer.Get(language, "tooLong", text.Length, MaxMessageLength), cancellationToken);
            return;
        }
        var today = PlanClock.Today(time);
        var command = CommandRecognizer.Recognize(text, today);
        if (command.Kind == CommandKind.Help && activity.Value is null)
        {
            await turnContext.SendAsync(await answers.HelpAsync(language, cancellationToken), cancellationToken);
            return;
        }

        var person = await people.ResolveAsync(turnContext, cancellationToken);
        if (person is null)
        {
            await TellUnregisteredAsync(turnContext, language, cancellationToken);
            return;
        }
        var turn = new FlowTurn(turnContext, person, language, today);
        var data = await _data.GetAsync(turnContext, () => new ConversationData(), cancellationToken);

        if (activity.Value is not null)
        {
            await SubmitFromMessageAsync(turn, data, cancellationToken);
            return;
        }
        if (command.Kind == CommandKind.Cancel)
        {
            var had = data.Flow is not null;
            data.Flow = null;
            await turnContext.SendAsync(turn.T(had ? "cancelled" : "nothingToCancel"), cancellationToken);
            return;
        }

        string? expiredNote = null;
        if (data.Flow is { } flow)
        {
            if (runner.IsExpired(flow, TimeSpan.FromMinutes(options.Value.FlowIdleMinutes)))
            {
                data.Flow = null;
                expiredNote = turn.T("flow.expired", options.Value.FlowIdleMinutes);
            }
            else if (flow.Flow == ReportFlow.FlowName)
            {
                var (progress, state, refusal) = await runner.ContinueAsync(reportFlow, flow, turn, text, cancellationToken);
                if (progress != FlowProgress.Refused)
                {
                    data.Flow = state;
                    return;
                }
                if (command.Kind is CommandKind.Unknown or CommandKind.More)
                {
                    await runner.RepeatAsync(reportFlow, flow, turn, refusal ?? turn.T("flow.notUnderstood"), cancellationToken);
                    return;
                }
                data.Flow = null; // another command: the unfinished text report is left behind, the form card still works
                await turnContext.SendAsync(turn.T("flow.left"), cancellationToken);
            }
        }
        if (expiredNote is not null && command.Kind == CommandKind.Unknown)
        {
            await turnContext.SendAsync(expiredNote, cancellationToken);
            return;
        }
        await DispatchAsync(turn, data, command, cancellationToken);
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke: the verb's reply, as the card that replaces the one acted on.</summary>
    public async Task<AdaptiveCardInvokeResponse> HandleCardActionAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invoke, CancellationToken cancellationToken)
    {
        var language = Localizer.FromLocale(turnContext.Activity.Locale);
        var person = await people.ResolveAsync(turnContext, cancellationToken);
        if (person is null)
        {
            LogRefused(logger, UserId(turnContext.Activity), "not in the directory");
            return Message(await answers.UnregisteredAsync(language, cancellationToken));
        }
        var turn = new FlowTurn(turnContext, person, language, PlanClock.Today(time));
        var json = invoke.Action?.Data is null ? null : Newtonsoft.Json.JsonConvert.SerializeObject(invoke.Action.Data);
        var reply = await cards.HandleAsync(turn, invoke.Action?.Verb, json, cancellationToken);
        if (reply is null or { IsBadData: true })
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = "application/vnd.microsoft.error",
                Value = new { code = "BadRequest", message = Localizer.Get(language, "card.bad") },
            };
        }
        if (reply.EndsReportFlow)
        {
            (await _data.GetAsync(turnContext, () => new ConversationData(), cancellationToken)).Flow = null;
        }
        foreach (var message in reply.Messages)
        {
            await turnContext.SendActivityAsync(message, cancellationToken);
        }
        return reply.Replacement is { } card
            ? new AdaptiveCardInvokeResponse { StatusCode = 200, Type = Cards.Layout.AdaptiveCard.ContentType, Value = Replies.ToNewtonsoft(card) }
            : Message(Localizer.Get(language, "card.done"));
    }

    public async Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = Localizer.FromLocale(activity.Locale);
        var person = await store.FindPersonAsync(activity.From?.AadObjectId, null, cancellationToken);
        var name = person is null ? "" : language == Language.Chinese ? $"，{person.Name}" : $", {person.Name}";
        await turnContext.SendAsync(Localizer.Get(language, "welcome", name), cancellationToken);
    }

    private async Task DispatchAsync(FlowTurn turn, ConversationData data, Command command, CancellationToken cancellationToken)
    {
        var context = turn.Context;
        switch (command.Kind)
        {
            case CommandKind.ShowTask:
                await context.SendAsync(await answers.ShowTaskAsync(command.TaskNumber!.Value, turn.Today, turn.Language, cancellationToken), cancellationToken);
                break;
            case CommandKind.Report:
                data.Flow = await reports.StartAsync(turn, command.TaskNumber, cancellationToken);
                break;
            case CommandKind.ReportInOneSentence:
                await reports.OneSentenceAsync(turn, command.TaskNumber!.Value, command.ReportText!, cancellationToken);
                break;
            case CommandKind.MyTasks:
                var picker = await reports.PickerAsync(turn, null, cancellationToken, mine: true);
                await context.SendActivityAsync(picker, cancellationToken);
                Remember(data, CardVerbs.TasksPage, [], TaskPickerCard.PageSize, picker);
                break;
            case CommandKind.Owed:
                foreach (var card in await queries.OwedAsync(turn, command.Months, cancellationToken))
                {
                    await context.SendActivityAsync(Replies.Card(card), cancellationToken);
                }
                break;
            case CommandKind.Overdue:
                var query = new JsonObject();
                if (command.MoreThanDays is { } days)
                {
                    query["days"] = days;
                }
                if (command.Section is { } section)
                {
                    query["section"] = section;
                }
                if (turn.Person.Role is PersonRole.Leader or PersonRole.Admin && await queries.FindUnitAsync(command.Text, cancellationToken) is { } unit)
                {
                    query["unit"] = unit;
                }
                var overdue = Replies.Card(await queries.OverdueAsync(turn, query, 0, cancellationToken));
                await context.SendActivityAsync(overdue, cancellationToken);
                Remember(data, CardVerbs.OverduePage, query, OverdueCard.PageSize, overdue);
                break;
            case CommandKind.NotReported:
                var unfiled = (await queries.UnfiledAsync(turn, command.Months, 0, cancellationToken)).Select(c => Replies.Card(c)).ToList();
                foreach (var card in unfiled)
                {
                    await context.SendActivityAsync(card, cancellationToken);
                }
                data.LastList = null;
                if (unfiled.Count == 1)
                {
                    Remember(data, CardVerbs.UnfiledPage, new JsonObject { ["months"] = (command.Months?[0] ?? YearMonth.Of(turn.Today)).ToString() }, UnfiledCard.PageSize, unfiled[0]);
                }
                break;
            case CommandKind.More:
                if (data.LastList is { } list && await cards.ContinueListAsync(turn, list, cancellationToken) is { } more)
                {
                    foreach (var message in more.Messages)
                    {
                        await context.SendActivityAsync(message, cancellationToken);
                    }
                    var pageSize = list.Verb switch { CardVerbs.OverduePage => OverdueCard.PageSize, CardVerbs.TasksPage => TaskPickerCard.PageSize, _ => UnfiledCard.PageSize };
                    Remember(data, list.Verb, JsonNode.Parse(list.Query) as JsonObject ?? [], list.NextOffset + pageSize, more.Messages.LastOrDefault());
                }
                else
                {
                    await context.SendAsync(turn.T("noMore"), cancellationToken);
                }
                break;
            default:
                await context.SendAsync(TextAnswers.Unknown(command.Text, turn.Language), cancellationToken);
                break;
        }
    }

    /// <summary>A card's data arriving as a message (<c>Action.Submit</c>, Web Chat, older clients): the same verbs; the card is updated in place where the channel allows.</summary>
    private async Task SubmitFromMessageAsync(FlowTurn turn, ConversationData data, CancellationToken cancellationToken)
    {
        var context = turn.Context;
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(context.Activity.Value);
        var reply = await cards.HandleAsync(turn, null, json, cancellationToken);
        if (reply is null or { IsBadData: true })
        {
            await context.SendAsync(turn.T("card.bad"), cancellationToken);
            return;
        }
        if (reply.EndsReportFlow)
        {
            data.Flow = null;
        }
        foreach (var message in reply.Messages)
        {
            await context.SendActivityAsync(message, cancellationToken);
        }
        if (reply.Replacement is { } card)
        {
            var update = Replies.Card(card);
            update.Id = context.Activity.ReplyToId;
            try
            {
                if (update.Id is null)
                {
                    throw new NotSupportedException("no card to update");
                }
                await context.UpdateActivityAsync(update, cancellationToken);
            }
            catch (Exception e) when (e is NotSupportedException or NotImplementedException or Microsoft.Bot.Schema.ErrorResponseException)
            {
                update.Id = null;
                await context.SendActivityAsync(update, cancellationToken); // the channel cannot update cards: send the new one
            }
        }
    }

    /// <summary>Keeps the list for "show more" typed as text, while the card just sent still offers more.</summary>
    private static void Remember(ConversationData data, string verb, JsonObject query, int nextOffset, Microsoft.Bot.Schema.IActivity? sent)
    {
        var offersMore = sent is IMessageActivity { Attachments: { } attachments } && attachments.Any(a => a.Content?.ToString()?.Contains($"\"verb\": \"{verb}\"", StringComparison.Ordinal) == true);
        data.LastList = offersMore ? new ListState { Verb = verb, Query = query.ToJsonString(), NextOffset = nextOffset } : null;
    }

    private async Task TellUnregisteredAsync(ITurnContext turnContext, Language language, CancellationToken cancellationToken)
    {
        LogRefused(logger, UserId(turnContext.Activity), "not in the directory");
        await turnContext.SendAsync(await answers.UnregisteredAsync(language, cancellationToken), cancellationToken);
    }

    private static AdaptiveCardInvokeResponse Message(string text) =>
        new() { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = text };

    private static string? UserId(IActivity activity) => activity.From?.AadObjectId ?? activity.From?.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a message from {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? userId, string reason);
}
