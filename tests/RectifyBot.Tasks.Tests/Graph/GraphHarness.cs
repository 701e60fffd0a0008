using Microsoft.Extensions.Time.Testing;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>
/// A provisioned fake site, a Graph store on it wrapped by the outbox as the host registers it (<see cref="Store"/>),
/// the bare Graph store (<see cref="Inner"/>), and a clock for its cache.
/// </summary>
internal sealed class GraphHarness : IStoreHarness
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-graph-").FullName;
    private Action<GraphStoreOptions>? _configure;

    private GraphHarness(FakeGraphServer graph) => Graph = graph;

    public FakeGraphServer Graph { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
    public GraphRequestCounter Counter { get; } = new();
    public GraphListClient Lists { get; private set; } = null!;
    public ReportOutbox Outbox { get; private set; } = null!;
    public GraphTaskStore Inner { get; private set; } = null!;
    public OutboxTaskStore Store { get; private set; } = null!;
    public IBotStateStore State { get; private set; } = null!;
    public GraphConversationStore Conversations { get; private set; } = null!;
    public GraphSendLog Sends { get; private set; } = null!;
    public GraphAuditLog Audit { get; private set; } = null!;
    ITaskStore IStoreHarness.Store => Store;

    public static GraphStoreOptions Options(FakeGraphServer graph) => new()
    {
        SiteId = FakeGraphServer.SiteId,
        AccessToken = FakeGraphServer.Token,
        BaseUrl = graph.BaseUrl,
        MaxRetries = 3,
    };

    public static GraphListClient ListsOn(FakeGraphServer graph, GraphRequestCounter counter, GraphStoreOptions? options = null)
    {
        options ??= Options(graph);
        return new GraphListClient(GraphClientBuilder.Build(options, counter), options);
    }

    public static async Task<GraphHarness> StartAsync(Action<GraphStoreOptions>? configure = null)
    {
        var harness = new GraphHarness(await FakeGraphServer.StartAsync()) { _configure = configure };
        await ListsOn(harness.Graph, new GraphRequestCounter()).ProvisionAsync(default);
        harness.Outbox = new ReportOutbox(Path.Combine(harness._folder, "outbox.db"));
        (harness.Inner, harness.State, harness.Lists) = harness.Open(harness.Counter);
        harness.Store = harness.Wrap(harness.Inner);
        harness.Conversations = harness.AnotherConversationStore(harness.Lists);
        harness.Sends = harness.AnotherSendLog(harness.Lists);
        harness.Audit = harness.AnotherAuditLog(harness.Lists);
        return harness;
    }

    /// <summary>The outbox pass the host runs, through the bare Graph store.</summary>
    public OutboxDrainer Drainer() => new(Inner, Outbox, GraphTaskStore.IsTransient);

    public Task<TaskWrite> UpdateTaskAsync(RectificationTask task) => Inner.UpdateTaskAsync(task);

    public (ITaskStore Store, IBotStateStore State) Reopen()
    {
        var (store, state, _) = Open(new GraphRequestCounter());
        return (Wrap(store), state);
    }

    /// <summary>Another store instance on the same site and outbox, as a second process would have.</summary>
    public OutboxTaskStore Another() => Wrap(Open(new GraphRequestCounter()).Store);

    /// <summary>A conversation store on the same site, through its own client (a second host) unless one is given.</summary>
    public GraphConversationStore AnotherConversationStore(GraphListClient? lists = null)
    {
        var options = Options(Graph);
        _configure?.Invoke(options);
        return new GraphConversationStore(lists ?? ListsOn(Graph, new GraphRequestCounter(), options), options, Time);
    }

    /// <summary>A send log on the same site, through its own client (a second host) unless one is given.</summary>
    public GraphSendLog AnotherSendLog(GraphListClient? lists = null)
    {
        var options = Options(Graph);
        _configure?.Invoke(options);
        return new GraphSendLog(lists ?? ListsOn(Graph, new GraphRequestCounter(), options), options, Time);
    }

    /// <summary>A bare Graph store on the same site through its own client (another host), for sign-off decisions.</summary>
    public GraphTaskStore AnotherInner() => Open(new GraphRequestCounter()).Store;
    /// <summary>An audit log on the same site, through its own client (a second host) unless one is given.</summary>
    public GraphAuditLog AnotherAuditLog(GraphListClient? lists = null)
    {
        var options = Options(Graph);
        _configure?.Invoke(options);
        return new GraphAuditLog(lists ?? ListsOn(Graph, new GraphRequestCounter(), options));
    }

    private OutboxTaskStore Wrap(GraphTaskStore inner) => new(inner, Outbox, GraphTaskStore.IsTransient, Time);

    private (GraphTaskStore Store, IBotStateStore State, GraphListClient Lists) Open(GraphRequestCounter counter)
    {
        var options = Options(Graph);
        _configure?.Invoke(options);
        var lists = ListsOn(Graph, counter, options);
        return (new GraphTaskStore(lists, new UnitMatcher(), options, Time), new GraphBotStateStore(lists), lists);
    }

    public async ValueTask DisposeAsync()
    {
        await Graph.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }
}
