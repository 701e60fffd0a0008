using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RectifyBot.Bot.Tests;

/// <summary>A Direct Line 3.0 client over the playground's endpoints, as Web Chat's DirectLineJS speaks it (polling).</summary>
public sealed class PlaygroundDirectLine(HttpClient client, string conversationId)
{
    private string _watermark = "";

    public string ConversationId => conversationId;

    public static async Task<PlaygroundDirectLine> StartAsync(HttpClient client, string? userId = null, string locale = "zh-CN")
    {
        var response = await client.PostAsJsonAsync("/v3/directline/conversations", new JsonObject { ["user"] = userId is null ? null : new JsonObject { ["id"] = userId }, ["locale"] = locale });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new PlaygroundDirectLine(client, (string)body["conversationId"]!);
    }

    /// <summary>Posts the activity as the person (<c>from.id</c> and <c>from.aadObjectId</c>) and returns its id.</summary>
    public async Task<string> PostAsync(JsonObject activity, string from, string locale = "zh-CN")
    {
        activity["from"] = new JsonObject { ["id"] = from, ["name"] = from, ["aadObjectId"] = from, ["role"] = "user" };
        activity["locale"] = locale;
        var response = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversationId}/activities", activity);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    public Task<string> SayAsync(string text, string from, string locale = "zh-CN") =>
        PostAsync(new JsonObject { ["type"] = "message", ["text"] = text }, from, locale);

    /// <summary>The activities since the last poll (the watermark moves on).</summary>
    public async Task<IReadOnlyList<JsonObject>> PollAsync()
    {
        var body = (await client.GetFromJsonAsync<JsonObject>($"/v3/directline/conversations/{conversationId}/activities?watermark={_watermark}"))!;
        _watermark = (string)body["watermark"]!;
        return body["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
    }

    public string Watermark => _watermark;
}
