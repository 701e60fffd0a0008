using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The audit log contract on the Graph store (each host its own client), and what only Graph does: 409 on a key, a lost answer, the list's columns.</summary>
public sealed class GraphAuditLogTests : AuditLogContract
{
    private const string List = "RectifyAudit";
    private static readonly DateTimeOffset Now = new(2019, 3, 10, 1, 0, 0, TimeSpan.Zero);

    protected override async Task<(IAuditLog Log, Func<IAuditLog> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var harness = await GraphHarness.StartAsync();
        return (harness.Audit, () => harness.AnotherAuditLog(), harness);
    }

    private static AuditEntry Entry(string key, int? task = 3) => new()
    {
        Key = key,
        At = Now,
        ActorId = "aad-water-1",
        ActorName = "王敏",
        Action = AuditActions.ReportStored,
        TaskNumber = task,
        Subject = "r-1",
        Details = "InProgress 40%",
    };

    [Fact]
    public async Task A_site_provisioned_before_the_audit_trail_gets_the_list_with_its_unique_indexed_key_and_then_nothing_changes()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        graph.DeleteList(List);

        var added = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);

        Assert.Equal([List], added.CreatedLists);
        var columns = graph.ListsByName[List].Columns;
        Assert.Equal(["AuditKey", "At", "ActorId", "ActorName", "Action", "TaskNumber", "Subject", "Details", "Refused"], columns.Keys);
        Assert.True((bool)columns["AuditKey"]["enforceUniqueValues"]!);
        Assert.All(["AuditKey", "At", "Action", "TaskNumber"], c => Assert.True((bool)columns[c]["indexed"]!));
        Assert.NotNull(columns["At"]["dateTime"]);
        Assert.NotNull(columns["TaskNumber"]["number"]);
        Assert.NotNull(columns["Refused"]["boolean"]);
        Assert.True((bool)columns["Details"]["text"]!["allowMultipleLines"]!);

        columns["TaskNumber"]["indexed"] = false;
        var repaired = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        Assert.Equal([$"{List}.TaskNumber (index)"], repaired.AddedColumns);
        Assert.True((await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default)).ChangedNothing);
    }

    [Fact]
    public async Task An_append_whose_answer_was_lost_is_read_back_once_and_nothing_is_ever_patched_or_deleted()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Empty(await harness.Audit.ReadAllAuditAsync(AuditQuery.All)); // the list id is known from here on
        harness.Graph.Requests.Clear();
        harness.Graph.FailAfterApplying(List);

        var stored = await harness.Audit.AppendAsync(Entry("report:src-1"));

        // Created (applied, answered 503), sent again by the SDK (409: it is there), read back by its key.
        Assert.Equal([("POST", 503), ("POST", 409), ("GET", 200)], ItemRequests(harness));
        var item = Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        Assert.Equal((item.Id, "report:src-1"), (stored.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Key));
        Assert.Equal(Entry("report:src-1") with { Sequence = stored.Sequence }, stored);

        await harness.AnotherAuditLog().AppendAsync(Entry("report:src-1") with { Details = "changed" });
        Assert.Equal("InProgress 40%", (string)Assert.Single(harness.Graph.ListsByName[List].Items.Values).Fields["Details"]!);
        Assert.DoesNotContain(harness.Graph.Requests, r => r.Method is "PATCH" or "DELETE");
    }

    [Fact]
    public async Task Without_retries_a_failed_append_that_landed_is_returned_and_one_that_did_not_throws()
    {
        await using var harness = await GraphHarness.StartAsync(o => o.MaxRetries = 0);
        var audit = harness.AnotherAuditLog();
        harness.Graph.FailAfterApplying(List);

        var landed = await audit.AppendAsync(Entry("a")); // applied, answered 503, not sent again: looked up, found

        harness.Graph.BeforeCreate = (_, _) => throw new InvalidOperationException("Injected: nothing written.");
        await Assert.ThrowsAnyAsync<Exception>(() => audit.AppendAsync(Entry("b")));
        Assert.Equal(["a"], (await harness.AnotherAuditLog().ReadAllAuditAsync(AuditQuery.All)).Select(e => e.Key));
        Assert.True(landed.Sequence > 0);
    }

    [Fact]
    public async Task Entries_without_a_task_are_kept_apart_from_a_tasks_history_and_a_long_key_is_kept_once()
    {
        await using var harness = await GraphHarness.StartAsync();
        var longKey = "report:" + new string('x', 300);
        await harness.Audit.AppendAsync(Entry("import", task: null) with { Action = AuditActions.PlanImported });
        var first = await harness.Audit.AppendAsync(Entry(longKey));
        var again = await harness.AnotherAuditLog().AppendAsync(Entry(longKey));

        Assert.Equal(first, again);
        Assert.Equal([first.Sequence], (await harness.Audit.ReadAllAuditAsync(new AuditQuery { TaskNumber = 3 })).Select(e => e.Sequence));
        Assert.Null((await harness.Audit.ReadAllAuditAsync(new AuditQuery { Action = AuditActions.PlanImported })).Single().TaskNumber);
    }

    [Fact]
    public async Task A_host_configured_for_graph_appends_to_the_sharepoint_list()
    {
        await using var harness = await GraphHarness.StartAsync();
        var folder = Directory.CreateTempSubdirectory("rectifybot-audit-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Graph",
            ["Store:Sqlite:Path"] = Path.Combine(folder, "store.db"),
            ["Store:Graph:SiteId"] = FakeGraphServer.SiteId,
            ["Store:Graph:AccessToken"] = FakeGraphServer.Token,
            ["Store:Graph:BaseUrl"] = harness.Graph.BaseUrl,
        }).Build();
        await using (var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddRectifyTasks().BuildServiceProvider())
        {
            await services.GetRequiredService<IAuditLog>().AppendAsync(Entry("report:src-9"));
        }

        Assert.Equal("report:src-9", (string)Assert.Single(harness.Graph.ListsByName[List].Items.Values).Fields["AuditKey"]!);
        Assert.False(File.Exists(Path.Combine(folder, "store.db")));
        Directory.Delete(folder, true);
    }

    private static List<(string, int)> ItemRequests(GraphHarness harness) =>
        [.. harness.Graph.Requests.Where(r => r.Path.Contains("/items", StringComparison.Ordinal)).Select(r => (r.Method, r.Status))];
}
