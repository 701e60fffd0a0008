using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RectifyBot.Bot.Tests;

/// <summary>The web host's exporters, chosen by configuration: OTLP over HTTP to a stand-in collector.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_turn_span_and_the_turn_count_reach_the_collector_without_the_message_text()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collector = WebApplication.CreateBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        collector.Logging.ClearProviders();
        await using var collectorApp = collector.Build();
        collectorApp.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.Path.Value!, body.ToArray()));
            return Results.Ok();
        });
        await collectorApp.StartAsync();
        var endpoint = collectorApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        const string text = "任务3";
        await using (var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-10", "--Supervision:Enabled=false",
            $"--Telemetry:Otlp:Endpoint={endpoint}", "--Telemetry:Otlp:Protocol=http/protobuf"))
        {
            var message = bot.Message(text);
            Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", message)).StatusCode);
            await bot.ReplyToAsync((string)message["id"]!);
        } // stopping the host flushes its exporters

        var traces = received.Where(r => r.Path == "/v1/traces").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        var metrics = received.Where(r => r.Path == "/v1/metrics").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Contains(traces, t => t.Contains("RectifyBot") && t.Contains("turn") && t.Contains("ShowTask") && t.Contains("/api/messages"));
        Assert.Contains(metrics, m => m.Contains("rectifybot.turns") && m.Contains("rectifybot.turn.duration"));
        Assert.DoesNotContain(traces.Concat(metrics), t => t.Contains(text) || t.Contains("水务局联络员"));
    }
}
