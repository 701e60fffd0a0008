using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Playground;

/// <summary>
/// The local playground: Web Chat's page at <c>/</c>, a Direct Line 3.0 subset at <c>/v3/directline</c> (start a
/// conversation, post an activity, poll with a watermark) and, at <c>/playground/connector</c>, the part of the Bot
/// Connector API the bot replies through. A posted activity becomes a <c>directline</c> channel activity whose service URL
/// is that connector, and runs through <see cref="RectifyAdapter"/> exactly as <c>/api/messages</c> runs Teams traffic
/// (the same middleware, tenant filter, identity lookup and handler); the bot's replies and card updates land in the
/// conversation's transcript. Mapped only while <see cref="PlaygroundOptions.IsOn"/>.
/// </summary>
public static class PlaygroundEndpoints
{
    public const string ConnectorPath = "/playground/connector";
    public const string ChannelId = "directline";

    private static readonly ChannelAccount BotAccount = new("rectifybot", "RectifyBot", RoleTypes.Bot);

    public static IServiceCollection AddRectifyPlayground(this IServiceCollection services) =>
        services.AddSingleton(new PlaygroundTranscripts(TimeProvider.System));

    public static void MapRectifyPlayground(this WebApplication app)
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(webRoot))
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        app.MapGet("/playground/people", ListPeopleAsync);

        var directLine = app.MapGroup("/v3/directline");
        directLine.MapPost("/tokens/generate", () => Json(new { token = NewToken(), expires_in = 3600 }));
        directLine.MapPost("/tokens/refresh", () => Json(new { token = NewToken(), expires_in = 3600 }));
        directLine.MapPost("/conversations", StartAsync);
        directLine.MapGet("/conversations/{conversationId}", (string conversationId, PlaygroundTranscripts transcripts) =>
            transcripts.Find(conversationId) is null ? Results.NotFound() : Json(new { conversationId, token = NewToken(), expires_in = 3600 }));
        directLine.MapPost("/conversations/{conversationId}/activities", PostAsync);
        directLine.MapGet("/conversations/{conversationId}/activities", (string conversationId, string? watermark, PlaygroundTranscripts transcripts) =>
        {
            if (transcripts.Find(conversationId) is not { } transcript)
            {
                return Results.NotFound();
            }
            var (activities, next) = transcript.Since(int.TryParse(watermark, out var w) ? w : 0);
            return Json(new { activities, watermark = next.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        });

        var connector = app.MapGroup(ConnectorPath + "/v3/conversations/{conversationId}/activities");
        connector.MapPost("", ReceiveReplyAsync);
        connector.MapPost("/{replyToId}", ReceiveReplyAsync);
        connector.MapPut("/{activityId}", ReceiveUpdateAsync);
    }

    private static async Task<IResult> ListPeopleAsync(ITaskStore store, CancellationToken cancellationToken)
    {
        var people = await store.ListPeopleAsync(cancellationToken);
        return Results.Json(people
            .OrderBy(p => p.Role).ThenBy(p => p.Unit, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new { key = p.Key, name = p.Name, unit = p.Unit, role = p.Role.ToString() }));
    }

    /// <summary>A new conversation; when the page names its user, the bot is told the user joined (and welcomes them).</summary>
    private static async Task<IResult> StartAsync(HttpContext http, PlaygroundTranscripts transcripts, RectifyAdapter adapter, IBot bot, IOptions<BotOptions> options)
    {
        var transcript = transcripts.Start();
        var body = await ReadAsync<JObject>(http.Request) ?? [];
        var userId = (string?)body.SelectToken("user.id");
        if (!string.IsNullOrWhiteSpace(userId))
        {
            var joined = new Activity(ActivityTypes.ConversationUpdate)
            {
                From = new ChannelAccount(userId, role: RoleTypes.User) { AadObjectId = userId },
                MembersAdded = [new ChannelAccount(userId, role: RoleTypes.User) { AadObjectId = userId }],
                Locale = (string?)body["locale"],
            };
            await RunTurnAsync(http, transcript, joined, adapter, bot, options.Value, echo: false);
        }
        return Results.Content(Serialize(new { conversationId = transcript.Id, token = NewToken(), expires_in = 3600 }), "application/json", statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> PostAsync(string conversationId, HttpContext http, PlaygroundTranscripts transcripts, RectifyAdapter adapter, IBot bot, IOptions<BotOptions> options)
    {
        if (transcripts.Find(conversationId) is not { } transcript)
        {
            return Results.NotFound();
        }
        var activity = await ReadAsync<Activity>(http.Request);
        if (activity?.Type is null or "" || activity.From?.Id is null or "")
        {
            return Results.BadRequest(new { error = new { code = "BadArgument", message = "An activity needs a type and from.id." } });
        }
        var id = await RunTurnAsync(http, transcript, activity, adapter, bot, options.Value, echo: true);
        return Json(new { id });
    }

    /// <summary>
    /// The turn, as a channel would deliver it: the activity gets its id, channel, conversation (with the tenant the
    /// tenant filter lets in: the first of <c>Bot:AllowedTenants</c>, none when that list is empty), the bot as
    /// recipient and this host's connector as service URL, is echoed to the page (Web Chat waits for its own message to
    /// come back) and runs through the adapter. An invoke's answer that is a card replaces the card it came from.
    /// </summary>
    private static async Task<string> RunTurnAsync(HttpContext http, PlaygroundTranscripts.Transcript transcript, Activity activity, RectifyAdapter adapter, IBot bot, BotOptions options, bool echo)
    {
        var tenant = options.AllowedTenants.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = $"{http.Request.Scheme}://{http.Request.Host}{ConnectorPath}/";
        activity.Conversation = new ConversationAccount(id: transcript.Id, conversationType: "personal", tenantId: tenant);
        activity.Recipient = BotAccount;
        activity.From.Role ??= RoleTypes.User;
        activity.Timestamp = DateTimeOffset.UtcNow;
        if (tenant is not null)
        {
            activity.ChannelData = JObject.FromObject(new { tenant = new { id = tenant } });
        }
        string id;
        if (echo && activity.Type != ActivityTypes.Invoke)
        {
            id = transcript.Append(activity);
        }
        else
        {
            id = activity.Id = $"{transcript.Id}|in-{Guid.NewGuid():N}";
        }
        var response = await adapter.ProcessAsync("", activity, bot, http.RequestAborted);
        if (activity.Type == ActivityTypes.Invoke && activity.ReplyToId is { } cardActivityId && transcript.Find(cardActivityId) is { } shown
            && response?.Body is AdaptiveCardInvokeResponse { Type: "application/vnd.microsoft.card.adaptive" } answer)
        {
            var updated = JsonConvert.DeserializeObject<Activity>(Serialize(shown), HttpHelper.BotMessageSerializerSettings)!;
            updated.Attachments = [new Attachment("application/vnd.microsoft.card.adaptive", content: answer.Value)];
            transcript.Append(updated, keepId: true);
        }
        return id;
    }

    private static async Task<IResult> ReceiveReplyAsync(string conversationId, string? replyToId, HttpRequest request, PlaygroundTranscripts transcripts)
    {
        if (transcripts.Find(conversationId) is not { } transcript || await ReadAsync<Activity>(request) is not { } reply)
        {
            return Results.NotFound();
        }
        reply.From ??= BotAccount;
        reply.From.Role ??= RoleTypes.Bot;
        reply.Timestamp = DateTimeOffset.UtcNow;
        if (reply.ReplyToId is { } to && transcript.Find(to) is null)
        {
            reply.ReplyToId = null; // a reply to something the page never saw (the join): Web Chat would wait for it
        }
        return Json(new ResourceResponse(transcript.Append(reply)));
    }

    private static async Task<IResult> ReceiveUpdateAsync(string conversationId, string activityId, HttpRequest request, PlaygroundTranscripts transcripts)
    {
        if (transcripts.Find(conversationId) is not { } transcript || transcript.Find(activityId) is not { } shown || await ReadAsync<Activity>(request) is not { } update)
        {
            return Results.NotFound();
        }
        update.Id = activityId;
        update.From ??= shown.From;
        update.From.Role ??= RoleTypes.Bot;
        update.Timestamp = shown.Timestamp;
        update.ReplyToId = shown.ReplyToId;
        transcript.Append(update, keepId: true);
        return Json(new ResourceResponse(activityId));
    }

    private static string NewToken() => "playground-" + Guid.NewGuid().ToString("N");

    private static async Task<T?> ReadAsync<T>(HttpRequest request) where T : class
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonConvert.DeserializeObject<T>(text, HttpHelper.BotMessageSerializerSettings);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Newtonsoft, as the Bot Framework writes activities (its own settings skip anonymous types' properties).</summary>
    private static string Serialize(object value) => JsonConvert.SerializeObject(value, WriteSettings);

    private static readonly JsonSerializerSettings WriteSettings = new() { NullValueHandling = NullValueHandling.Ignore };

    private static IResult Json(object value) => Results.Content(Serialize(value), "application/json");
}
