using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RectifyBot.Bot.Tests;

/// <summary><c>Bot:AllowedTenants</c> and the adapter's middleware order, over HTTP to the real host.</summary>
public class TenantTests
{
    private const string Allowed = "11111111-1111-1111-1111-111111111111";
    private const string Other = "22222222-2222-2222-2222-222222222222";

    private static JsonObject From(RunningBot bot, string text, string? tenant, bool inChannelData = false)
    {
        var message = bot.Message(text);
        if (tenant is not null && inChannelData)
        {
            message["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } };
        }
        else if (tenant is not null)
        {
            message["conversation"]!["tenantId"] = tenant;
        }
        return message;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_allowed_tenant_is_answered_whether_named_in_the_conversation_or_the_channel_data(bool inChannelData)
    {
        await using var bot = await RunningBot.StartAsync($"--Bot:AllowedTenants:0={Allowed}");
        var message = From(bot, "帮助", Allowed, inChannelData);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", message)).StatusCode);
        Assert.Equal("message", (string?)(await bot.ReplyToAsync((string)message["id"]!))["type"]);
    }

    [Fact]
    public async Task Another_tenant_gets_no_answer_a_403_for_invokes_and_is_logged_and_nothing_runs()
    {
        var logs = new LogSink();
        var seen = new ConcurrentQueue<string>();
        await using var bot = await RunningBot.StartAsync(b =>
        {
            b.Logging.AddProvider(logs);
            b.Services.AddSingleton<IMiddleware>(new Recorder("identity", seen));
        }, $"--Bot:AllowedTenants:0={Allowed}");

        foreach (var refused in new[] { From(bot, "帮助", Other), From(bot, "帮助", null), From(bot, "帮助", Other, inChannelData: true) })
        {
            Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", refused)).StatusCode);
        }
        var invoke = From(bot, "", Other);
        invoke["type"] = "invoke";
        invoke["name"] = "healthCheck";
        var invokeResponse = await bot.Client.PostAsJsonAsync("/api/messages", invoke);
        Assert.Equal(HttpStatusCode.Forbidden, invokeResponse.StatusCode);
        Assert.Equal("", await invokeResponse.Content.ReadAsStringAsync());

        var allowed = From(bot, "帮助", Allowed);
        await bot.Client.PostAsJsonAsync("/api/messages", allowed);
        await bot.ReplyToAsync((string)allowed["id"]!);
        Assert.Equal(1, bot.ReplyCount);
        Assert.Equal([(string)allowed["id"]!], seen); // no other middleware ran for the refused ones
        Assert.Equal(4, logs.Entries.Count(e => e.Message.Contains("not in Bot:AllowedTenants")));
        Assert.Contains(logs.Entries, e => e.Message.Contains($"tenant {Other}"));
    }

    [Fact]
    public async Task An_empty_list_lets_any_tenant_in_warns_once_at_start_and_runs_the_registered_middleware_in_order()
    {
        var logs = new LogSink();
        var seen = new ConcurrentQueue<string>();
        await using var bot = await RunningBot.StartAsync(b =>
        {
            b.Logging.AddProvider(logs);
            b.Services.AddSingleton<IMiddleware>(new Recorder("first", seen));
            b.Services.AddSingleton<IMiddleware>(new Recorder("second", seen));
        });
        foreach (var message in new[] { From(bot, "帮助", Other), From(bot, "帮助", null) })
        {
            await bot.Client.PostAsJsonAsync("/api/messages", message);
            await bot.ReplyToAsync((string)message["id"]!);
        }
        Assert.Single(logs.Entries, e => e.Message.Contains("Bot:AllowedTenants is empty"));
        Assert.Equal(["first", "second", "first", "second"], seen.Where(s => s is "first" or "second"));
    }

    private sealed class Recorder(string name, ConcurrentQueue<string> seen) : IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            seen.Enqueue(name == "identity" ? turnContext.Activity.Id : name);
            return next(cancellationToken);
        }
    }
}
