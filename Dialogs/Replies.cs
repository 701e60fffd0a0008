using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using RectifyBot.Cards.Layout;

namespace RectifyBot.Dialogs;

/// <summary>Activities the bot sends: Markdown text, and Adaptive Cards as attachments.</summary>
public static class Replies
{
    public static IMessageActivity Text(string text)
    {
        var reply = MessageFactory.Text(text);
        reply.TextFormat = TextFormatTypes.Markdown;
        return reply;
    }

    /// <summary>
    /// A card message; <paramref name="text"/> goes with it as the activity's summary, which clients that show no cards
    /// show instead (and Teams uses for notifications). It is not the message's text: Teams would show it above the card,
    /// saying everything twice.
    /// </summary>
    public static IMessageActivity Card(JsonObject card, string? text = null) => Card(Attachment(card), text);

    /// <summary>
    /// A card message around an attachment built once: the activity is each recipient's own (sending addresses it), the
    /// card's content is shared, never converted again per recipient.
    /// </summary>
    public static IMessageActivity Card(Attachment attachment, string? text = null)
    {
        var reply = MessageFactory.Attachment(attachment);
        if (text is not null)
        {
            reply.Summary = text;
        }
        return reply;
    }

    /// <summary>The Bot Framework serializes with Newtonsoft, so the card travels as a <see cref="JObject"/>.</summary>
    public static Attachment Attachment(JsonObject card) => new(AdaptiveCard.ContentType, content: ToNewtonsoft(card));

    public static JObject ToNewtonsoft(JsonObject card) => JObject.Parse(card.ToJsonString());

    public static Task SendAsync(this ITurnContext turnContext, string text, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(Text(text), cancellationToken);
}
