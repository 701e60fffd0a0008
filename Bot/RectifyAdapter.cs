using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using RectifyBot.Cards;

namespace RectifyBot.Bot;

/// <summary>The bot's one adapter. A failed turn is logged, the user is told without details, and the conversation's state is cleared.</summary>
public sealed partial class RectifyAdapter : CloudAdapter
{
    public RectifyAdapter(BotFrameworkAuthentication authentication, PrivateConversationState conversationState, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middlewares, ILogger<RectifyAdapter> logger)
        : base(authentication, logger)
    {
        foreach (var middleware in middlewares)
        {
            Use(middleware);
        }
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id, turnContext.Activity.From?.AadObjectId ?? turnContext.Activity.From?.Id);
            try
            {
                await turnContext.SendActivityAsync(Localizer.Get(Localizer.FromLocale(turnContext.Activity.Locale), "error"));
            }
            catch (Exception e)
            {
                LogErrorReplyFailed(logger, e);
            }
            try
            {
                await conversationState.DeleteAsync(turnContext);
            }
            catch (Exception e)
            {
                LogErrorReplyFailed(logger, e);
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed: {ActivityType} in conversation {ConversationId} from {UserId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId, string? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the user about a failed turn, or clear its state")]
    private static partial void LogErrorReplyFailed(ILogger logger, Exception exception);
}
