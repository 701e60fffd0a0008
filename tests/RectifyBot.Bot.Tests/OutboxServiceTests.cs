using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Hosting;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The background service that empties the outbox: a pass at start and one every <c>OutboxRetrySeconds</c> on the
/// host's clock; a pass that fails leaves the report queued for the next, and a report lands once.
/// </summary>
public sealed class OutboxServiceTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-outbox-service-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private SqliteTaskStore _store = null!;
    private FaultyStore _faulty = null!;
    private ReportOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteTaskStore(Path.Combine(_folder, "store.db"), new UnitMatcher());
        _faulty = new FaultyStore(_store);
        _outbox = new ReportOutbox(Path.Combine(_folder, "outbox.db"));
        await _store.ImportTasksAsync([new RectificationTask { Number = 3, Problem = "管网", Deadline = Deadline.Unknown(""), ResponsibleUnits = RectifyBot.Tasks.Units.UnitListParser.Parse("市水务局") }]);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private OutboxService Service(string provider)
    {
        var services = new ServiceCollection()
            .AddSingleton(new OutboxDrainer(_faulty, _outbox, e => e is Microsoft.Data.Sqlite.SqliteException))
            .BuildServiceProvider();
        var options = Options.Create(new StoreOptions { Provider = provider, Graph = { OutboxRetrySeconds = 30 } });
        return new OutboxService(services, options, _time, NullLogger<OutboxService>.Instance);
    }

    private static ProgressReport Report(string source) => new()
    {
        Id = Guid.NewGuid().ToString("N"), TaskNumber = 3, Unit = "市水务局", ReporterId = "u-water", ReporterName = "水务局联络员",
        ReportedAt = new DateTimeOffset(2019, 3, 20, 1, 0, 0, TimeSpan.Zero), Period = "2019-03", Status = RectificationStatus.InProgress,
        PercentComplete = 60, Summary = "福新泵站主体完工", SourceId = source,
    };

    /// <summary>Waits (in real time, bounded) for the service's pass to reach what the test expects.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(25);
        }
        return false;
    }

    private async Task<int> StoredAsync() => (await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items.Count;

    [Fact]
    public async Task Queued_reports_land_on_a_later_tick_after_a_pass_that_failed_and_only_once()
    {
        await _outbox.EnqueueAsync(Report("card:a:u-water:3"), "Graph unavailable", _time.GetUtcNow());
        _faulty.FailWrites = true;
        using var service = Service("Graph");
        await service.StartAsync(default);

        Assert.True(await EventuallyAsync(async () => (await _outbox.FindAsync("card:a:u-water:3"))?.Attempts == 2)); // the pass at start failed
        Assert.Equal(0, await StoredAsync());

        _faulty.FailWrites = false;
        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.Single(await _outbox.PendingAsync()); // not before the interval

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await EventuallyAsync(async () => (await _outbox.PendingAsync()).Count == 0));
        Assert.Equal(1, await StoredAsync());

        await _outbox.EnqueueAsync(Report("card:b:u-water:3"), "Graph unavailable", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await EventuallyAsync(async () => (await _outbox.PendingAsync()).Count == 0));
        Assert.Equal(2, await StoredAsync());

        await service.StopAsync(default);
        Assert.True(service.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task With_the_embedded_store_the_service_does_nothing()
    {
        await _outbox.EnqueueAsync(Report("card:c:u-water:3"), "left from a Graph run", _time.GetUtcNow());
        using var service = Service("Sqlite");
        await service.StartAsync(default);
        Assert.True(await EventuallyAsync(() => Task.FromResult(service.ExecuteTask!.IsCompleted)));
        Assert.Single(await _outbox.PendingAsync());
        Assert.Equal(0, await StoredAsync());
    }
}
