using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RectifyBot.Bot.Tests;

/// <summary>A channel whose connector accepts connections and never answers.</summary>
public sealed class StallingConnector : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public StallingConnector()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_held)
                {
                    _held.Add(client); // read nothing, answer nothing
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting;
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }
        _stop.Dispose();
    }
}

public class ConnectorTimeoutTests
{
    [Fact]
    public async Task A_reply_to_an_unresponsive_service_url_gives_up_after_the_configured_timeout_and_is_not_retried_as_an_error_message()
    {
        await using var stall = new StallingConnector();
        var logs = new LogSink();
        await using var bot = await RunningBot.StartAsync(b => b.Logging.AddProvider(logs), "--Bot:ConnectorTimeoutSeconds=2");
        var message = bot.Message("帮助");
        message["serviceUrl"] = stall.Url;

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // 100 s (twice) before the fix
        var response = await bot.Client.PostAsJsonAsync("/api/messages", message, bound.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, stall.Connections); // the reply; no second attempt with the error message
        Assert.Single(logs.Entries, e => e.Message.Contains("was not reached"));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Could not tell the user"));
    }
}
