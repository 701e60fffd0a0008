using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Bot.Hosting;
using RectifyBot.Cards;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>The host as a container or App Service runs it: where it listens, its probes, how it stops, what it logs.</summary>
public class DeploymentTests
{
    // ---- Where it listens ----

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]         // ASPNETCORE_URLS, DOTNET_URLS, --urls
    [InlineData("URLS", "http://+:80")]                 // keys are case-insensitive: --Urls
    [InlineData("http_ports", "8080")]                  // ASPNETCORE_HTTP_PORTS, DOTNET_HTTP_PORTS
    [InlineData("https_ports", "8443")]                 // ASPNETCORE_HTTPS_PORTS
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:5000")]
    public void Any_listening_setting_wins_over_the_default(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        Assert.True(ListeningAddresses.AreConfigured(configuration));
    }

    [Fact]
    public void The_default_applies_only_when_nothing_says_where_to_listen()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("urls", " "), new("Store:Provider", "Sqlite")]).Build();
        Assert.False(ListeningAddresses.AreConfigured(configuration));
        Assert.False(ListeningAddresses.AreConfigured(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task With_no_setting_the_host_listens_on_localhost_3978_and_appsettings_says_nothing_about_it()
    {
        var folder = Directory.CreateTempSubdirectory("rectifybot-urls-").FullName;
        await using var app = BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(folder, "bot.db")}"]);
        // Not started (the port may be taken on this machine): the setting the server will read.
        Assert.Equal(ListeningAddresses.Default, app.Configuration["urls"]);
        var appsettings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!.AsObject();
        Assert.DoesNotContain(appsettings, p => p.Key.Equals("Urls", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Urls_on_the_command_line_is_where_the_host_listens()
    {
        await using var bot = await RunningBot.StartAsync();  // --Urls=http://127.0.0.1:0
        var address = new Uri(Addresses(bot.Services).Single());
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(3978, address.Port);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetAsync(Probes.LivePath)).StatusCode);
    }

    [Fact]
    public async Task Http_ports_from_configuration_is_where_the_host_listens_on_every_address()
    {
        var folder = Directory.CreateTempSubdirectory("rectifybot-ports-").FullName;
        var port = FreePort();
        await using var app = BotWebHost.Build([$"--http_ports={port}", $"--Store:Sqlite:Path={Path.Combine(folder, "bot.db")}", "--Supervision:Enabled=false", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        Assert.Equal($"http://[::]:{port}", Addresses(app.Services).Single());
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{port}{Probes.LivePath}")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_published_host_with_ASPNETCORE_HTTP_PORTS_in_its_environment_listens_there_not_on_3978()
    {
        var folder = Directory.CreateTempSubdirectory("rectifybot-env-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "RectifyBot.Bot.dll"), "serve", "--Supervision:Enabled=false" })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS", "Urls" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Store__Sqlite__Path"] = Path.Combine(folder, "bot.db");
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? status = null;
            while (status is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    status = (await client.GetAsync($"http://127.0.0.1:{port}{Probes.LivePath}")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            string log;
            lock (output)
            {
                log = output.ToString();
            }
            Assert.True(status == HttpStatusCode.OK, $"no answer on port {port}:\n{log}");
            Assert.DoesNotContain("3978", log);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
        }
    }

    // ---- Probes ----

    [Fact]
    public async Task Healthz_is_alive_and_readyz_is_ready_once_the_recognizers_are_warm()
    {
        await using var bot = await RunningBot.StartAsync();
        var live = await bot.Client.GetAsync(Probes.LivePath);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        await bot.Services.GetRequiredService<RecognizerWarmup>().Warmed.WaitAsync(TimeSpan.FromSeconds(60));
        var ready = await bot.Client.GetAsync(Probes.ReadyPath);
        var body = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (string?)body["status"]);
        foreach (var check in new[] { "store", "outbox", "recognizers" })
        {
            Assert.Equal("Healthy", (string?)body["checks"]![check]!["status"]);
        }
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_makes_the_host_not_ready_but_still_alive()
    {
        var broken = false;
        await using var bot = await RunningBot.StartAsync(StoreHook.Install(_ =>
        {
            if (Volatile.Read(ref broken))
            {
                throw new IOException("disk gone");
            }
        }));
        Volatile.Write(ref broken, true);

        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetAsync(Probes.LivePath)).StatusCode);
        var ready = await bot.Client.GetAsync(Probes.ReadyPath);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Unhealthy", (string?)body["checks"]!["store"]!["status"]);
        Assert.DoesNotContain("disk gone", body.ToJsonString()); // no exception text to anonymous callers
    }

    [Fact]
    public async Task The_recognizers_report_not_ready_until_warmed()
    {
        var warmup = new RecognizerWarmup(NullLogger<RecognizerWarmup>.Instance);
        var check = new RecognizerWarmup.Check(warmup);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, (await check.CheckHealthAsync(new())).Status);
        await warmup.StartAsync(CancellationToken.None);
        await warmup.Warmed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(new())).Status);
        await warmup.StopAsync(CancellationToken.None);
    }

    // ---- Shutdown ----

    [Fact]
    public void The_shutdown_timeout_is_30_seconds_unless_configured()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Shutdown.Timeout(new ConfigurationBuilder().Build()));
        Assert.Equal(TimeSpan.FromSeconds(45), Shutdown.Timeout(new ConfigurationBuilder().AddInMemoryCollection([new("ShutdownTimeoutSeconds", "45")]).Build()));
    }

    [Fact]
    public async Task A_turn_in_flight_when_the_host_stops_finishes_its_reply_and_its_write()
    {
        var slow = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new LogSink();
        await using var bot = await RunningBot.StartAsync(
            builder =>
            {
                StoreHook.Install(_ =>
                {
                    if (Interlocked.Exchange(ref slow, 0) == 1)
                    {
                        entered.TrySetResult();
                        Thread.Sleep(TimeSpan.FromSeconds(3)); // the store answers slowly, once
                    }
                })(builder);
                builder.Logging.AddProvider(sink);
            },
            "--Clock:Today=2019-03-20");
        Assert.Equal(TimeSpan.FromSeconds(30), bot.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);

        var ask = bot.Message("报告任务3进展");
        await bot.Client.PostAsJsonAsync("/api/messages", ask);
        var form = (await bot.ReplyToAsync((string)ask["id"]!))["attachments"]![0]!["content"]!.AsObject();
        var submit = bot.Message("");
        submit.Remove("text");
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";
        submit["value"] = data;
        submit["replyToId"] = (string)ask["id"]!;

        Volatile.Write(ref slow, 1);
        var posted = bot.Client.PostAsJsonAsync("/api/messages", submit);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = bot.StopBotAsync();                     // SIGTERM while the turn waits on the store

        Assert.Equal(HttpStatusCode.OK, (await posted.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var update = await bot.UpdateOfAsync((string)ask["id"]!);
        Assert.Contains("已保存", Chat.Read(update["attachments"]![0]!["content"]!.AsObject()));
        var store = new SqliteTaskStore(Path.Combine(bot.Folder, "bot.db"), new UnitMatcher());
        Assert.Single((await store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        // The rhythm, the outbox and the warm-up stopped without an error.
        Assert.DoesNotContain(sink.Entries, e => e.Level >= LogLevel.Error);
    }

    private static IReadOnlyCollection<string> Addresses(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
