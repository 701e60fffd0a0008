using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using RectifyBot.Bot.Middleware;
using RectifyBot.Cards;
using RectifyBot.Dialogs;

namespace RectifyBot.Bot;

/// <summary>
/// The bot's one adapter. Every turn passes the tenant filter first, then each other <see cref="Microsoft.Bot.Builder.IMiddleware"/>
/// registered in DI, in registration order. A failed turn is logged, the user is told without details, and the
/// conversation's state is cleared; but a turn whose connector is unreachable is only logged (telling the user would
/// fail the same way), and a turn that already told the user their report was saved is not contradicted.
/// </summary>
public sealed partial class RectifyAdapter : CloudAdapter
{
    public RectifyAdapter(BotFrameworkAuthentication authentication, PrivateConversationState conversationState, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middlewares,
        ILogger<RectifyAdapter> logger, TenantFilter? tenantFilter = null)
        : base(authentication, logger)
    {
        if (tenantFilter is not null)
        {
            Use(tenantFilter);
        }
        foreach (var middleware in middlewares)
        {
            if (!ReferenceEquals(middleware, tenantFilter))
            {
                Use(middleware);
            }
        }
        OnTurnError = async (turnContext, exception) =>
        {
            var activity = turnContext.Activity;
            var userId = activity.From?.AadObjectId ?? activity.From?.Id;
            if (ConnectorFailure.IsUnreachable(exception))
            {
                LogConnectorUnreachable(logger, activity.Type, activity.Conversation?.Id, userId, activity.ServiceUrl, exception.GetType().Name, exception.Message);
                return;
            }
            if (TurnFacts.ReportSaved(turnContext))
            {
                // The person was told their report was saved, and it was: a generic "something went wrong" would read as
                // "not saved", and clearing the state would drop what the saved turn left behind.
                LogFailedAfterReportSaved(logger, exception, activity.Type, activity.Conversation?.Id, userId);
                return;
            }
            if (exception is RectifyBot.Dialogs.State.StateConflictException conflict)
            {
                // Another turn of this conversation (on this host or another behind the load balancer) saved first: its
                // state is kept, so nothing is cleared, and the person sends this message again.
                LogStateConflict(logger, activity.Type, activity.Conversation?.Id, userId, conflict.Key);
                try
                {
                    await turnContext.SendActivityAsync(Localizer.Get(Localizer.FromLocale(activity.Locale), "error.stateConflict"));
                }
                catch (Exception e)
                {
                    LogErrorReplyFailed(logger, e.GetType().Name, e.Message);
                }
                return;
            }
            LogTurnFailed(logger, exception, activity.Type, activity.Conversation?.Id, userId);
            try
            {
                await turnContext.SendActivityAsync(Localizer.Get(Localizer.FromLocale(activity.Locale), "error"));
            }
            catch (Exception e)
            {
                LogErrorReplyFailed(logger, e.GetType().Name, e.Message);
            }
            try
            {
                await conversationState.DeleteAsync(turnContext);
            }
            catch (Exception e)
            {
                LogStateClearFailed(logger, e);
            }
        };
    }

    /// <summary>
    /// Runs a turn for an activity the endpoint has read and checked: authenticates it with the Authorization header
    /// (the channel's token must match the activity's channel and service URL) and returns the invoke response, if any.
    /// </summary>
    public Task<InvokeResponse> ProcessAsync(string? authHeader, Activity activity, IBot bot, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authHeader, activity, bot.OnTurnAsync, cancellationToken);

    /// <summary>An invoke the bot has no handler for, answered with an empty 200.</summary>
    public void LogUnhandledInvoke(IInvokeActivity activity) =>
        LogInvokeUnhandled(Logger, activity.Name ?? "(no name)", activity.From?.AadObjectId ?? activity.From?.Id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered the invoke {Name} from {UserId}, which the bot does not handle, with an empty 200")]
    private static partial void LogInvokeUnhandled(ILogger logger, string name, string? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn refused: {ActivityType} in conversation {ConversationId} from {UserId}: its state «{Key}» was saved by another turn first; the person is asked to send it again")]
    private static partial void LogStateConflict(ILogger logger, string activityType, string? conversationId, string? userId, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed: {ActivityType} in conversation {ConversationId} from {UserId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId, string? userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed: {ActivityType} in conversation {ConversationId} from {UserId}: the connector at {ServiceUrl} was not reached ({ExceptionType}: {Reason}); nothing more is sent")]
    private static partial void LogConnectorUnreachable(ILogger logger, string activityType, string? conversationId, string? userId, string? serviceUrl, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed after a report was saved and the user told so: {ActivityType} in conversation {ConversationId} from {UserId}; no error message sent, state kept")]
    private static partial void LogFailedAfterReportSaved(ILogger logger, Exception exception, string activityType, string? conversationId, string? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about a failed turn ({ExceptionType}: {Reason})")]
    private static partial void LogErrorReplyFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clear the conversation state of a failed turn")]
    private static partial void LogStateClearFailed(ILogger logger, Exception exception);
}
