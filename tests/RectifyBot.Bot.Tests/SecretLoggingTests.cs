using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RectifyBot.Bot.Hosting;
using RectifyBot.Tasks.Store.Graph;
using RectifyBot.Tasks.Tests.Graph;

namespace RectifyBot.Bot.Tests;

/// <summary>Secrets come from configuration and never reach a log line, even at Debug (Trace) level.</summary>
public class SecretLoggingTests
{
    private const string AppPassword = "AppPassword-5f0c2e-never-logged";
    private const string ClientSecret = "ClientSecret-91ab7d-never-logged";

    [Fact]
    public async Task The_bot_registrations_password_and_the_graph_secrets_are_never_logged()
    {
        var sink = new LogSink();
        await using (var bot = await RunningBot.StartAsync(builder => Verbose(builder, sink),
            "--MicrosoftAppId=00000000-0000-0000-0000-000000000001", $"--MicrosoftAppPassword={AppPassword}", "--MicrosoftAppType=MultiTenant",
            "--Store:Graph:TenantId=00000000-0000-0000-0000-000000000002", "--Store:Graph:ClientId=00000000-0000-0000-0000-000000000003",
            $"--Store:Graph:ClientSecret={ClientSecret}", "--Store:Graph:AccessToken=AccessToken-33d1e0-never-logged", "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:System.Net.Http.HttpClient=Trace"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(bot.Message("帮助")) };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-token");
            Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Client.SendAsync(request)).StatusCode);
            await bot.Services.GetRequiredService<RecognizerWarmup>().Warmed.WaitAsync(TimeSpan.FromSeconds(60));
            await bot.Client.GetAsync(Probes.ReadyPath);
        }
        AssertNeverLogged(sink, AppPassword, ClientSecret, "AccessToken-33d1e0-never-logged");
    }

    [Fact]
    public async Task The_graph_access_token_is_never_logged_while_the_graph_store_works()
    {
        var sink = new LogSink();
        await using var graph = await FakeGraphServer.StartAsync();
        await using (var bot = await RunningBot.StartAsync(builder => Verbose(builder, sink),
            "--Store:Provider=Graph", $"--Store:Graph:BaseUrl={graph.BaseUrl}", $"--Store:Graph:SiteId={FakeGraphServer.SiteId}",
            $"--Store:Graph:AccessToken={FakeGraphServer.Token}", "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:System.Net.Http.HttpClient=Trace"))
        {
            await bot.Services.GetRequiredService<GraphListClient>().ProvisionAsync(default);
            var message = bot.Message("任务3");
            Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", message)).StatusCode);
            await bot.ReplyToAsync((string)message["id"]!);
            await bot.Client.GetAsync(Probes.ReadyPath);
        }
        Assert.Contains(graph.Requests, r => r.Status == 200); // the token was used
        AssertNeverLogged(sink, FakeGraphServer.Token);
    }

    private static void Verbose(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, LogSink sink)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(sink);
    }

    private static void AssertNeverLogged(LogSink sink, params string[] secrets)
    {
        Assert.NotEmpty(sink.Entries);
        foreach (var (category, level, message, exception) in sink.Entries)
        {
            var line = message + exception;
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"{level} {category} logged a secret: {line}");
            }
        }
    }
}
