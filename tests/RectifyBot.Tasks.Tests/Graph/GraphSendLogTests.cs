using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The send log contract on the Graph store (each host its own client), and what only Graph can do to a claim: 409s, 412s, lost answers.</summary>
public sealed class GraphSendLogTests : SendLogContract
{
    private const string List = "RectifySends";
    private const string Key = "reminder|2019-03|市水务局|personal:u-water";
    private static readonly DateTimeOffset Now = new(2019, 3, 10, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    protected override async Task<(ISendLog Log, Func<ISendLog> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var harness = await GraphHarness.StartAsync();
        return (harness.Sends, () => harness.AnotherSendLog(), harness);
    }

    [Fact]
    public async Task A_site_provisioned_before_sends_gets_the_list_with_its_unique_key_and_then_nothing_changes()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        graph.DeleteList(List);

        var added = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);

        Assert.Equal([List], added.CreatedLists);
        var columns = graph.ListsByName[List].Columns;
        Assert.True((bool)columns["SendKey"]["enforceUniqueValues"]!);
        Assert.True((bool)columns["SendKey"]["indexed"]!);
        Assert.True((bool)columns["ClaimedAt"]["indexed"]!);
        Assert.All(["ClaimedAt", "SentAt", "RetryAfter", "FailedAt"], c => Assert.NotNull(columns[c]["dateTime"]));
        Assert.NotNull(columns["Attempts"]["number"]);
        Assert.True((bool)columns["LastError"]["text"]!["allowMultipleLines"]!);
        Assert.Equal(["SendKey", "Kind", "Recipient", "ClaimedAt", "Attempts", "SentAt", "RetryAfter", "FailedAt", "LastError", "ClaimToken"], columns.Keys);

        columns.Remove("ClaimToken");
        columns["ClaimedAt"]["indexed"] = false;
        var repaired = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        Assert.Equal([$"{List}.ClaimedAt (index)", $"{List}.ClaimToken"], repaired.AddedColumns);
        Assert.True((await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default)).ChangedNothing);
    }

    [Fact]
    public async Task A_claim_whose_create_answer_was_lost_is_still_this_callers_claimed_once()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Null(await harness.Sends.FindSendAsync(Key)); // the list id is known from here on
        harness.Graph.Requests.Clear();
        harness.Graph.FailAfterApplying(List);

        Assert.True(await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));

        // Looked up, created (applied, answered 503), sent again by the SDK (409: it is there), read back: this claim's token.
        Assert.Equal([("GET", 200), ("POST", 503), ("POST", 409), ("GET", 200)], ItemRequests(harness));
        var item = Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        Assert.Equal(Key, (string)item.Fields["SendKey"]!);
        Assert.Equal(1, (await harness.AnotherSendLog().FindSendAsync(Key))!.Attempts);
        Assert.False(await harness.AnotherSendLog().TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        Assert.False(await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddSeconds(1), Stale)); // a new call is a new claim
    }

    [Fact]
    public async Task A_stale_claim_taken_over_whose_answer_was_lost_is_still_this_callers()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.True(await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        harness.Graph.Requests.Clear();
        harness.Graph.FailAfterApplying(List);

        Assert.True(await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now + Stale, Stale));

        // Looked up, updated (applied, answered 503), sent again by the SDK with the old eTag (412), read back: this claim's token.
        Assert.Equal([("GET", 200), ("PATCH", 503), ("PATCH", 412), ("GET", 200)], ItemRequests(harness));
        var record = (await harness.AnotherSendLog().FindSendAsync(Key))!;
        Assert.Equal((2, Now + Stale), (record.Attempts, record.ClaimedAt));
    }

    [Fact]
    public async Task Without_retries_a_failed_create_is_read_back_landed_it_is_claimed_not_landed_the_error_stands()
    {
        await using var harness = await GraphHarness.StartAsync(o => o.MaxRetries = 0);
        var sends = harness.AnotherSendLog();
        harness.Graph.FailAfterApplying(List);

        Assert.True(await sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale)); // applied, answered 503, not sent again

        harness.Graph.BeforeCreate = (_, _) => throw new InvalidOperationException("Injected: nothing written.");
        await Assert.ThrowsAnyAsync<Exception>(() => sends.TryClaimAsync("digest|2019-03|personal:u-water", "digest", "personal:u-water", Now, Stale));
        var item = Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        Assert.Equal((Key, 1), ((string)item.Fields["SendKey"]!, (int)item.Fields["Attempts"]!));
    }

    [Fact]
    public async Task Sixteen_hosts_creating_the_same_send_at_once_meet_409_and_one_claims()
    {
        await using var harness = await GraphHarness.StartAsync();
        var hosts = Enumerable.Range(0, 16).Select(_ => harness.AnotherSendLog()).ToList();
        harness.Graph.GatherCreates(List, 16); // all looked, found nothing, and create at the same moment

        var claims = await Task.WhenAll(hosts.Select(h => h.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale)));

        Assert.Single(claims, c => c);
        Assert.Single(ItemRequests(harness), r => r == ("POST", 201));
        Assert.Equal(15, ItemRequests(harness).Count(r => r == ("POST", 409)));
        var item = Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        Assert.Equal(1, (int)item.Fields["Attempts"]!);
    }

    [Fact]
    public async Task Four_hosts_taking_over_one_stale_claim_at_once_meet_412_and_one_claims()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.True(await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale)); // and then crashed
        var hosts = Enumerable.Range(0, 4).Select(_ => harness.AnotherSendLog()).ToList();
        harness.Graph.Requests.Clear();
        harness.Graph.GatherUpdates(List, 4); // all read the same eTag and write at the same moment

        var claims = await Task.WhenAll(hosts.Select(h => h.TryClaimAsync(Key, "reminder", "personal:u-water", Now + Stale, Stale)));

        Assert.Single(claims, c => c);
        Assert.Single(ItemRequests(harness), r => r == ("PATCH", 200));
        Assert.Equal(3, ItemRequests(harness).Count(r => r == ("PATCH", 412)));
        Assert.Equal(2, (await harness.Sends.FindSendAsync(Key))!.Attempts);
    }

    [Fact]
    public async Task A_claim_costs_one_lookup_and_at_most_one_write()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Empty(await harness.Sends.ListSendsAsync());
        var cost = new List<IReadOnlyList<(string, int)>>();
        foreach (var at in new[] { Now, Now.AddMinutes(1), Now + Stale })
        {
            harness.Graph.Requests.Clear();
            await harness.Sends.TryClaimAsync(Key, "reminder", "personal:u-water", at, Stale);
            cost.Add(ItemRequests(harness));
        }

        Assert.Equal([("GET", 200), ("POST", 201)], cost[0]); // new
        Assert.Equal([("GET", 200)], cost[1]); // claimed by someone, not stale
        Assert.Equal([("GET", 200), ("PATCH", 200)], cost[2]); // stale, taken over
        Assert.Equal(2, (await harness.AnotherSendLog().FindSendAsync(Key))!.Attempts);
    }

    [Fact]
    public async Task Sends_come_back_whole_across_pages_oldest_claim_first()
    {
        await using var harness = await GraphHarness.StartAsync();
        var keys = Enumerable.Range(0, 7).Select(i => $"reminder|2019-03|unit-{i}|personal:u-{i}").ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.True(await harness.Sends.TryClaimAsync(keys[i], "reminder", $"personal:u-{i}", Now.AddMinutes((i * 3) % 7), Stale));
        }
        await harness.Sends.MarkSentAsync(keys[2], Now.AddHours(1));
        await harness.Sends.ReleaseAsync(keys[4], "429 Too Many Requests", Now.AddHours(2));
        await harness.Sends.MarkFailedAsync(keys[5], "403 Forbidden", Now.AddHours(3));

        var all = await harness.AnotherSendLog().ListSendsAsync(); // the fake answers 3 items a page

        Assert.Equal([keys[4], keys[0], keys[5], keys[3], keys[1], keys[6], keys[2]], all.Select(s => s.Key)); // released: the epoch
        Assert.Equal((DateTimeOffset.UnixEpoch, Now.AddHours(2), "429 Too Many Requests"), (all[0].ClaimedAt, all[0].RetryAfter!.Value, all[0].LastError));
        Assert.Equal((Now.AddHours(3), "403 Forbidden"), (all[2].FailedAt!.Value, all[2].LastError));
        Assert.Equal((Now.AddHours(1), null, "personal:u-2"), (all[6].SentAt!.Value, all[6].LastError, all[6].Recipient));
        Assert.Contains(harness.Graph.Requests, r => r.Path.Contains("skiptoken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_configured_for_graph_claims_its_sends_in_the_sharepoint_list()
    {
        await using var harness = await GraphHarness.StartAsync();
        var folder = Directory.CreateTempSubdirectory("rectifybot-sends-").FullName;
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
            Assert.True(await services.GetRequiredService<ISendLog>().TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        }

        Assert.Equal(Key, (string)Assert.Single(harness.Graph.ListsByName[List].Items.Values).Fields["SendKey"]!);
        Assert.False(File.Exists(Path.Combine(folder, "store.db")));
        Directory.Delete(folder, true);
    }

    private static List<(string, int)> ItemRequests(GraphHarness harness) =>
        [.. harness.Graph.Requests.Where(r => r.Path.Contains("/items", StringComparison.Ordinal)).Select(r => (r.Method, r.Status))];
}
