using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Drives the bot turn by turn on a <see cref="TestAdapter"/> when a turn's input depends on the last answer (a card's
/// ids): each call sends one activity and returns every reply it caused.
/// </summary>
internal sealed class Chat
{
    private readonly TestAdapter _adapter;
    private readonly IBot _bot;
    private readonly List<IActivity> _updates = [];

    public Chat(TestAdapter adapter, IBot bot)
    {
        _adapter = adapter;
        _bot = bot;
        // Card updates (a form replaced in place after an Action.Submit) are seen as replies too.
        adapter.Use(new UpdateRecorder(_updates));
    }

    public async Task<IReadOnlyList<IActivity>> SayAsync(string text, string? from = null) => await SendAsync(From(_adapter.MakeActivity(text), from));

    /// <summary>Makes the conversation a Teams group chat, where several members talk to the bot in one conversation.</summary>
    public Chat InGroupChat()
    {
        _adapter.Conversation.Conversation.ConversationType = "groupChat";
        _adapter.Conversation.Conversation.IsGroup = true;
        return this;
    }

    /// <summary>The bot's account in this conversation (the recipient the test adapter stamps).</summary>
    public ChannelAccount Bot => _adapter.Conversation.Bot;

    /// <summary>Makes the conversation this one (a Teams channel, say): the test adapter stamps it on every activity.</summary>
    public Chat In(ConversationAccount conversation)
    {
        _adapter.Conversation.Conversation = conversation;
        return this;
    }

    /// <summary>The activity as sent by another member of the conversation (an AAD object id from the directory).</summary>
    private static Activity From(Activity activity, string? user)
    {
        if (user is not null)
        {
            activity.From = new ChannelAccount("29:" + user, user) { AadObjectId = user };
        }
        return activity;
    }

    public async Task<IReadOnlyList<IActivity>> SendAsync(Activity activity)
    {
        _updates.Clear();
        await _adapter.ProcessActivityAsync(activity, _bot.OnTurnAsync, default);
        var replies = new List<IActivity>();
        while (_adapter.GetNextReply() is { } reply)
        {
            replies.Add(reply);
        }
        replies.AddRange(_updates);
        return replies;
    }

    private sealed class UpdateRecorder(List<IActivity> updates) : Microsoft.Bot.Builder.IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            turnContext.OnUpdateActivity((_, activity, nextUpdate) =>
            {
                updates.Add(activity);
                return nextUpdate();
            });
            return next(cancellationToken);
        }
    }

    /// <summary>An Action.Execute press: the <c>adaptiveCard/action</c> invoke Teams sends, with the inputs merged into the data.</summary>
    public Task<IReadOnlyList<IActivity>> ExecuteAsync(string verb, JsonObject data, string? from = null) => SendAsync(From(new Activity(ActivityTypes.Invoke)
    {
        Name = "adaptiveCard/action",
        Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data = JObject.Parse(data.ToJsonString()) }, trigger = "manual" }),
        Locale = _adapter.Locale,
    }, from));

    /// <summary>An Action.Submit press: a message whose value is the data (verb inside), replying to the card's message.</summary>
    public Task<IReadOnlyList<IActivity>> SubmitAsync(JsonObject data, string replyToId = "card-1")
    {
        var message = _adapter.MakeActivity();
        message.Value = JObject.Parse(data.ToJsonString());
        message.ReplyToId = replyToId;
        return SendAsync(message);
    }

    /// <summary>The replies' text as a client without cards reads it: a message's text, or a card message's summary.</summary>
    public static string Text(IReadOnlyList<IActivity> replies) => string.Join("\n", replies.OfType<IMessageActivity>().Select(m => m.Text ?? m.Summary).Where(t => t is not null));

    /// <summary>The cards among the replies: attachments of messages, and the card of an invoke response.</summary>
    public static IReadOnlyList<JsonObject> Cards(IReadOnlyList<IActivity> replies)
    {
        var cards = new List<JsonObject>();
        foreach (var reply in replies)
        {
            if (reply is IMessageActivity { Attachments: { } attachments })
            {
                cards.AddRange(attachments.Select(a => JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(a.Content))!.AsObject()));
            }
            if (reply.Type == ActivityTypesEx.InvokeResponse && ((Activity)reply).Value is InvokeResponse { Body: AdaptiveCardInvokeResponse { Type: "application/vnd.microsoft.card.adaptive" } body })
            {
                cards.Add(JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(body.Value))!.AsObject());
            }
        }
        return cards;
    }

    public static AdaptiveCardInvokeResponse InvokeResponse(IReadOnlyList<IActivity> replies) =>
        (AdaptiveCardInvokeResponse)((InvokeResponse)((Activity)replies.Single(r => r.Type == ActivityTypesEx.InvokeResponse)).Value).Body;

    /// <summary>The data of a card's action with this verb (as the card would post it, before inputs are merged).</summary>
    public static JsonObject ActionData(JsonObject card, string verb) =>
        FindAction(card, verb) is { } action ? action["data"]!.DeepClone().AsObject() : throw new InvalidOperationException($"No {verb} action on the card.");

    /// <summary>The data of the card's action with this verb and title (a card may have several buttons of one verb).</summary>
    public static JsonObject ActionData(JsonObject card, string verb, string title) =>
        Walk(card).FirstOrDefault(n => (string?)n["type"] == "Action.Execute" && (string?)n["verb"] == verb && (string?)n["title"] == title)?["data"]!.DeepClone().AsObject()
            ?? throw new InvalidOperationException($"No {verb} action titled {title} on the card.");

    /// <summary>A card's text as a user reads it.</summary>
    public static string Read(JsonObject card) => RectifyBot.Cards.CardText.Render(card);

    /// <summary>The value an input of the card holds.</summary>
    public static string? InputValue(JsonObject card, string id) => Walk(card).FirstOrDefault(n => (string?)n["id"] == id)?["value"]?.ToString();

    private static JsonObject? FindAction(JsonNode node, string verb) =>
        Walk(node).FirstOrDefault(n => (string?)n["type"] == "Action.Execute" && (string?)n["verb"] == verb);

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var d in Walk(child))
                    {
                        yield return d;
                    }
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var d in Walk(child))
                    {
                        yield return d;
                    }
                }
                break;
        }
    }
}
