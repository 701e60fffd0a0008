using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;

namespace RectifyBot.Dialogs;

/// <summary>
/// Delivers a <see cref="BotReply"/>, the one answer of commands and card actions, the way the turn came: as the
/// <c>adaptiveCard/action</c> invoke response (the replacement card, or an error with a code and a message the user
/// sees), or as messages (a replacement card updates the card acted on in place, or comes as a new message where the
/// channel cannot update).
/// </summary>
public static class ReplyDelivery
{
    public const string ErrorType = "application/vnd.microsoft.error";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public static async Task<AdaptiveCardInvokeResponse> AsInvokeResponseAsync(FlowTurn turn, BotReply reply, CancellationToken cancellationToken)
    {
        if (reply.IsBadData)
        {
            return new AdaptiveCardInvokeResponse { StatusCode = 400, Type = ErrorType, Value = new Error("BadRequest", turn.T("card.bad")) };
        }
        foreach (var message in reply.Messages)
        {
            await turn.Context.SendActivityAsync(message, cancellationToken);
        }
        return reply.Replacement is { } card
            ? new AdaptiveCardInvokeResponse { StatusCode = 200, Type = Cards.Layout.AdaptiveCard.ContentType, Value = Replies.ToNewtonsoft(card) }
            : Message(turn.T("card.done"));
    }

    public static async Task AsMessagesAsync(FlowTurn turn, BotReply reply, CancellationToken cancellationToken)
    {
        var context = turn.Context;
        if (reply.IsBadData)
        {
            await context.SendAsync(turn.T("card.bad"), cancellationToken);
            return;
        }
        foreach (var message in reply.Messages)
        {
            await context.SendActivityAsync(message, cancellationToken);
        }
        if (reply.Replacement is not { } card)
        {
            return;
        }
        var update = Replies.Card(card);
        if (context.Activity.ReplyToId is { } cardMessage)
        {
            update.Id = cardMessage;
            try
            {
                await context.UpdateActivityAsync(update, cancellationToken);
                return;
            }
            catch (Exception e) when (e is NotSupportedException or NotImplementedException or ErrorResponseException)
            {
                update.Id = null; // the channel cannot update cards: send the new one
            }
        }
        await context.SendActivityAsync(update, cancellationToken);
    }

    /// <summary>A plain message as an invoke's answer (Teams shows it in place of the card's result).</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new() { StatusCode = 200, Type = MessageType, Value = text };
}
