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
using RectifyBot.Bot.Hosting;

namespace RectifyBot.Bot.Tests;

/// <summary>The real bot host on a loopback port with its own database, and a connector endpoint that receives its replies.</summary>
public sealed class RunningBot : IAsyncDisposable
{
    private readonly WebApplication _bot;
    private readonly WebApplication _connector;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _replies = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _updates = new();

    private RunningBot(WebApplication bot, WebApplication connector, string folder)
    {
        _bot = bot;
        _connector = connector;
        Folder = folder;
        Client = new HttpClient { BaseAddress = new Uri(Address(bot)) };
    }

    private int _replyCount;

    public HttpClient Client { get; }

    /// <summary>How many replies the connector has received so far.</summary>
    public int ReplyCount => Volatile.Read(ref _replyCount);
    public string Folder { get; }
    public string ConnectorUrl => Address(_connector);

    public static Task<RunningBot> StartAsync(params string[] configuration) => StartAsync(null, configuration);

    /// <param name="configure">Changes to the bot's builder, e.g. a <see cref="LogSink"/>.</param>
    public static async Task<RunningBot> StartAsync(Action<WebApplicationBuilder>? configure, params string[] configuration)
    {
        var folder = Directory.CreateTempSubdirectory("rectifybot-host-").FullName;
        var connector = WebApplication.CreateBuilder();
        connector.WebHost.UseUrls("http://127.0.0.1:0");
        connector.Logging.ClearProviders();
        var connectorApp = connector.Build();
        RunningBot? running = null;
        connectorApp.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", async (string replyToId, HttpRequest request) =>
        {
            var body = (await request.ReadFromJsonAsync<JsonObject>())!;
            Interlocked.Increment(ref running!._replyCount);
            running!._replies.GetOrAdd(replyToId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(body);
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        connectorApp.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", async (string activityId, HttpRequest request) =>
        {
            var body = (await request.ReadFromJsonAsync<JsonObject>())!;
            running!._updates.GetOrAdd(activityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(body);
            return Results.Json(new { id = activityId });
        });
        await connectorApp.StartAsync();

        string[] args = ["--Urls=http://127.0.0.1:0", $"--Store:Sqlite:Path={Path.Combine(folder, "bot.db")}", "--Logging:LogLevel:Default=Warning", .. configuration];
        var bot = BotWebHost.Build(args, configure);
        await bot.StartAsync();
        running = new RunningBot(bot, connectorApp, folder);
        return running;
    }

    /// <summary>Asks the bot's host to stop, as SIGTERM does, and waits until it has (the turns in flight drained).</summary>
    public Task StopBotAsync() => _bot.StopAsync();

    /// <summary>The bot host's services (after it stopped too).</summary>
    public IServiceProvider Services => _bot.Services;

    /// <summary>The reply the bot posted to the connector for the activity with this id.</summary>
    public async Task<JsonObject> ReplyToAsync(string activityId) =>
        await _replies.GetOrAdd(activityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The update the bot made to the activity with this id (a card replaced in place).</summary>
    public async Task<JsonObject> UpdateOfAsync(string activityId) =>
        await _updates.GetOrAdd(activityId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public JsonObject Message(string text, string from = "u-water", string locale = "zh-CN") => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = ConnectorUrl,
        ["locale"] = locale,
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = "29:" + from, ["name"] = from, ["aadObjectId"] = from },
        ["recipient"] = new JsonObject { ["id"] = "28:rectifybot", ["name"] = "RectifyBot" },
        ["conversation"] = new JsonObject { ["id"] = "a:personal-" + from, ["conversationType"] = "personal" },
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
    };

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _bot.StopAsync();
        await _bot.DisposeAsync();
        await _connector.StopAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
        }
    }
}
