using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using RectifyBot.Tasks.Model;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// A channel's connector on a loopback port: takes the bot's new messages (<c>POST /v3/conversations/{id}/activities</c>)
/// replies to turns, updates, and new channel threads (<c>POST /v3/conversations</c>), and answers each conversation or
/// channel as told (200 by default; 403, 404, or 429 with <c>Retry-After: 1</c>).
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeConnector(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, ConcurrentQueue<int>> Answers { get; } = new();

    public ConcurrentQueue<(string Conversation, JsonObject Activity)> Received { get; } = new();

    /// <summary>Cards replaced in place: the activity id and the new activity.</summary>
    public ConcurrentQueue<(string ActivityId, JsonObject Activity)> Updates { get; } = new();

    /// <summary>Every request to a conversation as it was answered, with the (real) time it came: refusals included.</summary>
    public ConcurrentQueue<(string Conversation, int Status, DateTimeOffset At)> Answered { get; } = new();

    /// <summary>
    /// A person's own chat with the bot, as the bot stores it when they install it, answered by the connector at
    /// <paramref name="serviceUrl"/>; its conversation id is <c>a:</c> and the person's id unless given.
    /// </summary>
    public static ConversationAddress Personal(string serviceUrl, string aad, DateTimeOffset at, string? locale = null, string? conversationId = null) => new()
    {
        Key = ConversationAddress.PersonalKey(aad), Kind = ConversationKind.Personal, ConversationId = conversationId ?? "a:" + aad, ServiceUrl = serviceUrl,
        ChannelId = "msteams", AadObjectId = aad, UserId = "29:" + aad, BotId = "28:rectifybot", Locale = locale, UpdatedAt = at,
    };

    /// <summary>A person's own chat with the bot, answered by this connector.</summary>
    public ConversationAddress Personal(string aad, DateTimeOffset at, string? locale = null, string? conversationId = null) => Personal(Url, aad, at, locale, conversationId);

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var connector = new FakeConnector(builder.Build());
        connector._app.MapPost("/v3/conversations/{conversationId}/activities", async (string conversationId, HttpRequest request, HttpResponse response) =>
        {
            var status = connector.Answers.TryGetValue(conversationId, out var queue) && queue.TryDequeue(out var next) ? next : 200;
            connector.Answered.Enqueue((conversationId, status, DateTimeOffset.UtcNow));
            if (status != 200)
            {
                if (status == 429)
                {
                    response.Headers.RetryAfter = "1";
                }
                return Results.Text("{\"error\":{\"code\":\"Refused\",\"message\":\"as told\"}}", "application/json", statusCode: status);
            }
            connector.Received.Enqueue((conversationId, (await request.ReadFromJsonAsync<JsonObject>())!));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        // Replies to an activity (the answer to a turn that came over HTTP), recorded with the new messages.
        connector._app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", async (string conversationId, HttpRequest request) =>
        {
            connector.Received.Enqueue((conversationId, (await request.ReadFromJsonAsync<JsonObject>())!));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        connector._app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", async (string activityId, HttpRequest request) =>
        {
            connector.Updates.Enqueue((activityId, (await request.ReadFromJsonAsync<JsonObject>())!));
            return Results.Json(new { id = activityId });
        });
        // A new thread in a team's channel (TeamsInfo.SendMessageToTeamsChannelAsync): recorded under the channel's id.
        connector._app.MapPost("/v3/conversations", async (HttpRequest request, HttpResponse response) =>
        {
            var body = (await request.ReadFromJsonAsync<JsonObject>())!;
            var channel = (string?)body["channelData"]?["channel"]?["id"] ?? "";
            var status = connector.Answers.TryGetValue(channel, out var queue) && queue.TryDequeue(out var next) ? next : 200;
            connector.Answered.Enqueue((channel, status, DateTimeOffset.UtcNow));
            if (status != 200)
            {
                if (status == 429)
                {
                    response.Headers.RetryAfter = "1";
                }
                return Results.Text("{\"error\":{\"code\":\"Refused\",\"message\":\"as told\"}}", "application/json", statusCode: status);
            }
            connector.Received.Enqueue((channel, body["activity"]!.AsObject()));
            var activityId = Guid.NewGuid().ToString("N");
            return Results.Json(new { id = $"{channel};messageid={activityId}", activityId });
        });
        await connector._app.StartAsync();
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
