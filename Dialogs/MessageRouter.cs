using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Telemetry;
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
/// Reads a person's message and answers it: global words first (help, cancel), then the person's flow in progress,
/// then the command table. Card actions — invokes, and <c>Action.Submit</c> messages — go to the card verb table;
/// both paths change the person's state and deliver the reply the same way.
/// </summary>
public sealed partial class MessageRouter(
    PrivateConversationState conversationState, IEnumerable<IFlow> flows, CommandTable commands, CardActionRouter cards, TextAnswers answers, IntentModel model,
    TimeProvider time, IOptions<DialogsOptions> options, AuditTrail audit, ILogger<MessageRouter> logger)
{
    /// <summary>
    /// An answer a flow refused leaves the flow for another command only when the intent model is at least this sure of it;
    /// otherwise the flow asks its question again (a wrong answer such as "lots", or 好的吧, is not a new request).
    /// </summary>
    public const float LeaveFlowConfidence = 0.9f;

    /// <summary>The telemetry intent of a card action (its verb is card data, so untrusted, and not recorded).</summary>
    public const string CardActionIntent = "CardAction";

    /// <summary>Messages longer than this are refused unread.</summary>
    public const int MaxMessageLength = 4000;

    private readonly IStatePropertyAccessor<ConversationData> _data = conversationState.CreateProperty<ConversationData>("RectifyBot.Conversation");
    private readonly Dictionary<string, IFlow> _flows = flows.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public async Task HandleAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        using var telemetry = RectifyTelemetry.StartTurn(turnContext.Activity.Type, turnContext.Activity.ChannelId);
        try
        {
            await HandleAsync(turnContext, telemetry, cancellationToken);
        }
        catch (Exception e)
        {
            telemetry.Failed(e);
            throw;
        }
    }

    private async Task HandleAsync(ITurnContext turnContext, RectifyTelemetry.TurnScope telemetry, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = Localizer.FromLocale(activity.Locale);
        var text = activity.Text ?? "";
        if (text.Length > MaxMessageLength)
        {
            LogRefused(logger, UserId(activity), "message too long");
            telemetry.Outcome = "refused";
            await turnContext.SendAsync(Localizer.Get(language, "tooLong", text.Length, MaxMessageLength), cancellationToken);
            return;
        }
        var today = PlanClock.Today(time);
        var command = CommandRecognizer.Recognize(text, today, model);
        telemetry.Intent = activity.Value is null ? command.Kind.ToString() : CardActionIntent;
        if (CommandRecognizer.IsHelpWord(text) && activity.Value is null)
        {
            await turnContext.SendAsync(await answers.HelpAsync(language, cancellationToken), cancellationToken);
            return;
        }
        if (PersonResolver.Current(turnContext) is not { } person)
        {
            LogRefused(logger, UserId(activity), "not in the directory");
            telemetry.Outcome = "refused";
            if (activity.Value is not null)
            {
                var json = Newtonsoft.Json.JsonConvert.SerializeObject(activity.Value);
                await cards.RefusedAsync(activity, Stranger(activity), CardData.Parse(null, json, out _)?.Verb, "refused: not in the directory", cancellationToken);
            }
            else if (StrangerWrites.Contains(command.Kind))
            {
                await audit.RefusedAsync(Stranger(activity), command.Kind is CommandKind.Report or CommandKind.ReportInOneSentence ? AuditActions.ReportStored : AuditActions.SettingChanged,
                    command.TaskNumber, $"message {activity.Id}", $"refused {command.Kind}: not in the directory",
                    string.IsNullOrEmpty(activity.Id) ? null : $"refused:message:{activity.Id}", cancellationToken);
            }
            await turnContext.SendAsync(await answers.UnregisteredAsync(language, cancellationToken), cancellationToken);
            return;
        }
        var turn = new FlowTurn(turnContext, person, language, today);
        var data = await _data.GetAsync(turnContext, () => new ConversationData(), cancellationToken);

        if (activity.Value is not null)
        {
            var reply = await CardActionAsync(turn, data, null, Newtonsoft.Json.JsonConvert.SerializeObject(activity.Value), cancellationToken);
            await ApplyAsync(turn, data, reply, cancellationToken);
            await ReplyDelivery.AsMessagesAsync(turn, reply, cancellationToken);
            return;
        }
        if (command.Kind == CommandKind.Cancel)
        {
            var had = await EndFlowAsync(turnContext, data, cancellationToken);
            await turnContext.SendAsync(turn.T(had ? "cancelled" : "nothingToCancel"), cancellationToken);
            return;
        }
        if (await ContinueFlowAsync(turn, data, command, text, cancellationToken) is var (handled, expiredNote) && handled)
        {
            return;
        }
        if (expiredNote is not null)
        {
            // The answer was meant for the flow that expired: say so, and answer it as a request only if it plainly is one.
            await turnContext.SendAsync(expiredNote, cancellationToken);
            if (!IsPlainRequest(command))
            {
                return;
            }
        }
        var answer = await commands.RunAsync(turn, command, data, cancellationToken);
        await ApplyAsync(turn, data, answer, cancellationToken);
        await ReplyDelivery.AsMessagesAsync(turn, answer, cancellationToken);
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke: the verb's reply, as the card that replaces the one acted on.</summary>
    public async Task<AdaptiveCardInvokeResponse> HandleCardActionAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invoke, CancellationToken cancellationToken)
    {
        using var telemetry = RectifyTelemetry.StartTurn(turnContext.Activity.Type, turnContext.Activity.ChannelId);
        telemetry.Intent = CardActionIntent;
        try
        {
            return await HandleCardActionAsync(turnContext, invoke, telemetry, cancellationToken);
        }
        catch (Exception e)
        {
            telemetry.Failed(e);
            throw;
        }
    }

    private async Task<AdaptiveCardInvokeResponse> HandleCardActionAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invoke, RectifyTelemetry.TurnScope telemetry, CancellationToken cancellationToken)
    {
        var language = Localizer.FromLocale(turnContext.Activity.Locale);
        if (PersonResolver.Current(turnContext) is not { } person)
        {
            LogRefused(logger, UserId(turnContext.Activity), "not in the directory");
            telemetry.Outcome = "refused";
            await cards.RefusedAsync(turnContext.Activity, Stranger(turnContext.Activity), invoke.Action?.Verb, "refused: not in the directory", cancellationToken);
            return ReplyDelivery.Message(await answers.UnregisteredAsync(language, cancellationToken));
        }
        var turn = new FlowTurn(turnContext, person, language, PlanClock.Today(time));
        var json = invoke.Action?.Data is null ? null : Newtonsoft.Json.JsonConvert.SerializeObject(invoke.Action.Data);
        var data = await _data.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
        var reply = await CardActionAsync(turn, data, invoke.Action?.Verb, json, cancellationToken);
        await ApplyAsync(turn, data, reply, cancellationToken);
        return await ReplyDelivery.AsInvokeResponseAsync(turn, reply, cancellationToken);
    }

    public async Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        await turnContext.SendAsync(await answers.WelcomeAsync(turnContext.Activity.From?.AadObjectId, Localizer.FromLocale(turnContext.Activity.Locale), cancellationToken), cancellationToken);

    /// <summary>A card's action: a meaning chosen when the bot asked back runs as that command; any other verb goes to the card verb table.</summary>
    private async Task<BotReply> CardActionAsync(FlowTurn turn, ConversationData data, string? verb, string? json, CancellationToken cancellationToken) =>
        CardData.Parse(verb, json, out _) is { Verb: CardVerbs.IntentChoose } choice
            ? await commands.ChooseAsync(turn, choice, data, cancellationToken)
            : await cards.HandleAsync(turn, verb, json, cancellationToken);

    /// <summary>
    /// Gives the text to the person's flow in progress. Handled: the flow took it (or re-asked). Not handled: no flow,
    /// the flow expired (with a note to show if nothing else answers), or another command left it.
    /// </summary>
    private async Task<(bool Handled, string? ExpiredNote)> ContinueFlowAsync(FlowTurn turn, ConversationData data, Command command, string text, CancellationToken cancellationToken)
    {
        if (data.ActiveFlow is not { } name)
        {
            return (false, null);
        }
        if (!_flows.TryGetValue(name, out var flow))
        {
            data.ActiveFlow = null; // a flow this build no longer has
            return (false, null);
        }
        var idle = TimeSpan.FromMinutes(options.Value.FlowIdleMinutes);
        if (await flow.IsIdleAsync(turn.Context, idle, cancellationToken))
        {
            await EndFlowAsync(turn.Context, data, cancellationToken);
            return (false, turn.T("flow.expired", options.Value.FlowIdleMinutes));
        }
        var answer = await flow.ContinueAsync(turn, text, cancellationToken);
        if (answer.Progress == FlowProgress.Ended)
        {
            data.ActiveFlow = null;
        }
        if (answer.Progress != FlowProgress.Refused)
        {
            return (true, null);
        }
        if (!IsPlainRequest(command) || command.Kind is CommandKind.More or CommandKind.Greeting or CommandKind.Thanks)
        {
            await flow.RepeatAsync(turn, answer.Refusal ?? turn.T("flow.notUnderstood"), cancellationToken);
            return (true, null);
        }
        await EndFlowAsync(turn.Context, data, cancellationToken); // another command: the text report is left behind, its form card still works
        await turn.Context.SendAsync(turn.T("flow.left"), cancellationToken);
        return (false, null);
    }

    /// <summary>What a reply changes in the person's state: a flow started or ended, the list "show more" continues.</summary>
    private async Task ApplyAsync(FlowTurn turn, ConversationData data, BotReply reply, CancellationToken cancellationToken)
    {
        if (reply.EndsFlow)
        {
            await EndFlowAsync(turn.Context, data, cancellationToken);
        }
        if (reply.StartsFlow is { } started)
        {
            data.ActiveFlow = started;
        }
        if (reply.ShowsList)
        {
            data.LastList = reply.NextPage;
        }
    }

    /// <summary>Ends the person's flow in progress; true when there was one.</summary>
    private async Task<bool> EndFlowAsync(ITurnContext turnContext, ConversationData data, CancellationToken cancellationToken)
    {
        if (data.ActiveFlow is not { } name)
        {
            return false;
        }
        data.ActiveFlow = null;
        if (_flows.TryGetValue(name, out var flow))
        {
            await flow.EndAsync(turnContext, cancellationToken);
        }
        return true;
    }

    /// <summary>A message the model is sure asks for something (not unknown, not asked back, at least <see cref="LeaveFlowConfidence"/>).</summary>
    private static bool IsPlainRequest(Command command) =>
        command.Kind is not (CommandKind.Unknown or CommandKind.Clarify) && command.Confidence >= LeaveFlowConfidence;

    private static string? UserId(IActivity activity) => activity.From?.AadObjectId ?? activity.From?.Id;

    /// <summary>The messages a stranger is refused that would write if a known person sent them; on the audit trail.</summary>
    private static readonly HashSet<CommandKind> StrangerWrites =
    [
        CommandKind.Report, CommandKind.ReportInOneSentence, CommandKind.MuteReminders, CommandKind.UnmuteReminders,
    ];

    /// <summary>Someone the directory does not know, as Teams names them (the name is Teams', unchecked).</summary>
    private static AuditActor Stranger(IActivity activity) =>
        new(UserId(activity) ?? "unknown", string.IsNullOrWhiteSpace(activity.From?.Name) ? "(not in the directory)" : activity.From.Name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a message from {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? userId, string reason);
}
