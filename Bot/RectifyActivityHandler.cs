using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using RectifyBot.Cards;
using RectifyBot.Dialogs;
using RectifyBot.Dialogs.Proactive;

namespace RectifyBot.Bot;

/// <summary>
/// Routes Teams activities to the services that do the work; state is saved once per turn. Install and uninstall events
/// keep where the bot can speak first (<see cref="ConversationCapture"/>).
/// </summary>
public sealed class RectifyActivityHandler(MessageRouter router, PrivateConversationState conversationState, ConversationCapture conversations, RectifyBot.Dialogs.Queries.TaskSearch taskSearch,
    RectifyBot.Dialogs.Files.FileOffers files) : TeamsActivityHandler
{
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // In channels the bot is addressed as <at>RectifyBot</at>; read the message without it.
        turnContext.Activity.RemoveRecipientMention();
        turnContext.Activity.Text = turnContext.Activity.Text?.Trim();
        return router.HandleAsync(turnContext, cancellationToken);
    }

    /// <summary>Teams universal actions (<c>Action.Execute</c>): the verb's answer is the card that replaces the one acted on.</summary>
    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        router.HandleCardActionAsync(turnContext, invokeValue, cancellationToken);

    /// <summary>
    /// Invokes: card actions go to the router; <c>healthCheck</c> is answered as the Bot Framework defines it; any other
    /// invoke (task modules, message extensions, an unnamed one) is answered with an empty 200 and logged, not with the
    /// SDK's 501, which Teams shows the user as a generic error.
    /// </summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        switch (turnContext.Activity.Name)
        {
            case "adaptiveCard/action" or "task/fetch" or "composeExtension/query" or "fileConsent/invoke":
                return await base.OnInvokeActivityAsync(turnContext, cancellationToken);
            case "healthCheck":
                return CreateInvokeResponse(HealthCheckResponse.Healthy);
            default:
                (turnContext.Adapter as RectifyAdapter)?.LogUnhandledInvoke(turnContext.Activity);
                return CreateInvokeResponse();
        }
    }

    /// <summary>Allow on a file consent card (Teams personal chat): the file is made, uploaded to the URL Teams gives, and its file card sent.</summary>
    protected override Task OnTeamsFileConsentAcceptAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken) =>
        files.AcceptAsync(turnContext, fileConsentCardResponse, cancellationToken);

    /// <summary>Decline on a file consent card: nothing is uploaded, the person is told.</summary>
    protected override Task OnTeamsFileConsentDeclineAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken) =>
        files.DeclineAsync(turnContext, fileConsentCardResponse, cancellationToken);

    /// <summary>A dialog (task module) asked for: the bot opens none; Teams shows this message instead of an error.</summary>
    protected override Task<TaskModuleResponse> OnTeamsTaskModuleFetchAsync(ITurnContext<IInvokeActivity> turnContext, TaskModuleRequest taskModuleRequest, CancellationToken cancellationToken) =>
        Task.FromResult(new TaskModuleResponse(new TaskModuleMessageResponse(Localizer.Get(Localizer.FromLocale(((ITurnContext)turnContext).Activity.Locale), "invoke.noDialog"))));

    /// <summary>A search from the compose box (the app's message extension, <c>searchTasks</c>): tasks as a list, each inserting its card.</summary>
    protected override Task<MessagingExtensionResponse> OnTeamsMessagingExtensionQueryAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionQuery query, CancellationToken cancellationToken) =>
        taskSearch.AnswerAsync(turnContext, query, cancellationToken);

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Welcome once: when the bot itself is installed, or (outside team channels, e.g. the Emulator) when a user joins.
        var activity = turnContext.Activity;
        var botAdded = membersAdded.Any(m => m.Id == activity.Recipient?.Id);
        var userJoinedChat = activity.Conversation?.ConversationType != "channel" && activity.ChannelId != Microsoft.Bot.Connector.Channels.Msteams
            && membersAdded.Any(m => m.Id != activity.Recipient?.Id);
        if (botAdded)
        {
            await conversations.RememberAsync(turnContext, cancellationToken, installed: true);
        }
        if (botAdded || userJoinedChat)
        {
            await router.SendWelcomeAsync(turnContext, cancellationToken);
        }
    }

    protected override Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id)
            ? conversations.ForgetAsync(turnContext, "removed", cancellationToken)
            : Task.CompletedTask;

    /// <summary>The app was installed in a personal chat, a group chat or a team.</summary>
    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        conversations.RememberAsync(turnContext, cancellationToken, installed: true);

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        conversations.ForgetAsync(turnContext, "uninstalled", cancellationToken);
}
