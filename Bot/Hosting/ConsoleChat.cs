using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using RectifyBot.Cards;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// Talks to the bot's own logic in a terminal, in process: each line typed is a Teams message from the given user,
/// and the bot's answers (cards as readable text) are printed.
/// </summary>
public sealed class ConsoleChat(IBot bot, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middlewares, TimeProvider time, ILogger<ConsoleChat> logger) : BotAdapter
{
    private readonly ChannelAccount _bot = new("rectifybot", "RectifyBot");
    private TextWriter _output = Console.Out;

    public async Task RunAsync(string userId, string locale, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        _output = output;
        var user = new ChannelAccount(userId, userId) { AadObjectId = userId };
        var conversation = new ConversationAccount(id: $"console-{userId}", conversationType: "personal");
        Use(new ConsoleErrorMiddleware(logger));
        foreach (var middleware in middlewares)
        {
            Use(middleware); // as the host's adapter: the identity lookup
        }

        await TurnAsync(new Activity(ActivityTypes.ConversationUpdate) { MembersAdded = [_bot] }, user, conversation, locale, cancellationToken);
        await output.WriteLineAsync(locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "(type a message; exit or Ctrl+D ends the chat)" : "（输入消息；输入 exit 或按 Ctrl+D 结束对话）");
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "exit" or "/exit")
            {
                break; // end of input, or asked to: an empty line (a stray Enter) is not a reason to leave
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            await TurnAsync(new Activity(ActivityTypes.Message) { Text = line }, user, conversation, locale, cancellationToken);
        }
    }

    private async Task TurnAsync(Activity activity, ChannelAccount user, ConversationAccount conversation, string locale, CancellationToken cancellationToken)
    {
        activity.Id = Guid.NewGuid().ToString("N");
        activity.ChannelId = Channels.Msteams;
        activity.ServiceUrl = "urn:rectifybot:console";
        activity.From = user;
        activity.Recipient = _bot;
        activity.Conversation = conversation;
        activity.Locale = locale;
        activity.Timestamp = time.GetUtcNow();
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities)
        {
            if (activity.Type == ActivityTypes.Message)
            {
                await WriteMessageAsync(activity);
            }
            responses.Add(new ResourceResponse(activity.Id ?? Guid.NewGuid().ToString("N")));
        }
        return [.. responses];
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        await _output.WriteLineAsync("(updated)");
        await WriteMessageAsync(activity);
        return new ResourceResponse(activity.Id);
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WriteMessageAsync(IMessageActivity activity)
    {
        if (!string.IsNullOrEmpty(activity.Text))
        {
            await _output.WriteLineAsync(activity.Text.Replace("**", ""));
        }
        foreach (var attachment in activity.Attachments ?? [])
        {
            var json = attachment.Content is JsonNode node ? node : JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(attachment.Content));
            var card = CardText.Render(json);
            await _output.WriteLineAsync(card);
            // The summary is what a client without cards shows: here the card is shown as text, so only what it adds
            // (the report form's first question, say) is written.
            if (!string.IsNullOrEmpty(activity.Summary) && !card.Contains(activity.Summary.Split('\n')[0], StringComparison.Ordinal))
            {
                await _output.WriteLineAsync(activity.Summary.Replace("**", ""));
            }
        }
        await _output.WriteLineAsync();
    }

    /// <summary>A failed turn in the terminal is logged and told, like the adapter's OnTurnError does in Teams.</summary>
    private sealed class ConsoleErrorMiddleware(ILogger logger) : Microsoft.Bot.Builder.IMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            try
            {
                await next(cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Turn failed in the terminal chat");
                await turnContext.SendActivityAsync(Localizer.Get(Localizer.FromLocale(turnContext.Activity.Locale), "error"), cancellationToken: cancellationToken);
            }
        }
    }
}
