using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Azurite's Blob service (npm <c>azurite</c>, installed by <c>npm ci --prefix tests/RectifyBot.Bot.Tests/azurite</c>)
/// on a free port with its data in a temporary folder, started once for the tests that share it and stopped after.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (published in Azurite's and Azure's documentation).</summary>
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _data = Directory.CreateTempSubdirectory("rectifybot-azurite-").FullName;
    private Process? _azurite;
    private int _port;

    /// <summary>The port Azurite's Blob service listens on.</summary>
    public int Port => _port;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};BlobEndpoint=http://127.0.0.1:{_port}/{DevAccount};";

    /// <summary>A container no other test uses.</summary>
    public static string NewContainer() => "state-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        _port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { BlobMain(), "--blobHost", "127.0.0.1", "--blobPort", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", _data, "--silent", "--skipApiVersionCheck", "--loose" })
        {
            start.ArgumentList.Add(argument);
        }
        _azurite = Process.Start(start) ?? throw new InvalidOperationException("node could not be started for Azurite.");
        _azurite.OutputDataReceived += (_, _) => { };
        _azurite.ErrorDataReceived += (_, _) => { };
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        // Ready once the port answers; a minute at most, as a cold node start on a busy machine may take a while.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if (_azurite.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_azurite.ExitCode} before it listened on port {_port}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            await _azurite.WaitForExitAsync();
        }
        _azurite?.Dispose();
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
            // a file still held by the process just killed: the temporary folder is cleaned by the system
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BlobMain()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var azurite = Path.Combine(folder.FullName, "tests", "RectifyBot.Bot.Tests", "azurite");
            if (Directory.Exists(azurite))
            {
                var main = Path.Combine(azurite, "node_modules", "azurite", "dist", "src", "blob", "main.js");
                return File.Exists(main) ? main : throw new InvalidOperationException($"Azurite is not installed: run `npm ci --prefix {azurite}` (.ci/run does).");
            }
        }
        throw new InvalidOperationException("tests/RectifyBot.Bot.Tests/azurite was not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
