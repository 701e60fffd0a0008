using System.Text.Json.Nodes;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The conversation store contract on the Graph store, and what only Graph can do to it: races between hosts, lost answers.</summary>
public sealed class GraphConversationStoreTests : ConversationStoreContract
{
    private const string List = "RectifyConversations";
    private static readonly DateTimeOffset Now = new(2019, 3, 20, 2, 0, 0, TimeSpan.Zero);

    protected override async Task<(IConversationStore Store, Func<IConversationStore> Reopen, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var harness = await GraphHarness.StartAsync();
        return (harness.Conversations, () => harness.AnotherConversationStore(), harness);
    }

    private static ConversationAddress Personal(string aad, string serviceUrl = "https://smba.trafficmanager.net/cn/", DateTimeOffset? at = null) => new()
    {
        Key = ConversationAddress.PersonalKey(aad),
        Kind = ConversationKind.Personal,
        ConversationId = "a:1" + aad,
        ServiceUrl = serviceUrl,
        ChannelId = "msteams",
        TenantId = "11111111-2222-3333-4444-555555555555",
        AadObjectId = aad,
        UserId = "29:" + aad,
        BotId = "28:bot",
        UpdatedAt = at ?? Now,
    };

    [Fact]
    public async Task A_site_provisioned_before_conversations_gets_the_list_with_its_unique_key_and_then_nothing_changes()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        graph.DeleteList(List);

        var added = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);

        Assert.Equal([List], added.CreatedLists);
        Assert.Empty(added.AddedColumns);
        var columns = graph.ListsByName[List].Columns;
        Assert.True((bool)columns["ConversationKey"]["enforceUniqueValues"]!);
        Assert.True((bool)columns["ConversationKey"]["indexed"]!);
        Assert.True((bool)columns["AadObjectId"]["indexed"]!);
        Assert.Equal(["Personal", "GroupChat", "Channel"], columns["Kind"]["choice"]!["choices"]!.AsArray().Select(c => (string)c!));
        Assert.NotNull(columns["UpdatedAt"]["dateTime"]);
        Assert.NotNull(columns["GoneAt"]["dateTime"]);
        Assert.NotNull(columns["Locale"]["text"]);
        Assert.Equal(15, columns.Count);

        columns.Remove("GoneReason");
        columns["AadObjectId"]["indexed"] = false;
        var repaired = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        Assert.Equal([$"{List}.AadObjectId (index)", $"{List}.GoneReason"], repaired.AddedColumns);
        Assert.Empty(repaired.CreatedLists);
        Assert.True((await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default)).ChangedNothing);
        Assert.Single(graph.ListsByName.Keys, name => name == List);
    }

    [Fact]
    public async Task Two_hosts_saving_the_same_key_at_once_make_one_item()
    {
        await using var harness = await GraphHarness.StartAsync();
        var (first, second) = (harness.AnotherConversationStore(), harness.AnotherConversationStore());
        var fromFirst = Personal("u-water", at: Now);
        var fromSecond = Personal("u-water", "https://smba.trafficmanager.net/apac/", Now.AddSeconds(1));
        harness.Graph.GatherCreates(List, 2); // both looked, found nothing, and create at the same moment

        await Task.WhenAll(first.SaveConversationAsync(fromFirst), second.SaveConversationAsync(fromSecond));

        Assert.Contains(harness.Graph.Requests, r => r.Method == "POST" && r.Status == 201);
        Assert.Contains(harness.Graph.Requests, r => r.Method == "POST" && r.Status == 409); // the loser's create was refused...
        Assert.Contains(harness.Graph.Requests, r => r.Method == "PATCH" && r.Status == 200);
        var item = Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        var stored = await harness.AnotherConversationStore().FindConversationAsync(fromFirst.Key);
        Assert.NotNull(stored);
        Assert.Contains(stored, new[] { fromFirst, fromSecond }); // ...and it wrote over the winner's item instead
        Assert.Equal("personal:u-water", (string)item.Fields["ConversationKey"]!);
        Assert.Equal([stored], await harness.Conversations.ListConversationsAsync());
    }

    [Fact]
    public async Task Ten_saves_of_one_key_racing_from_ten_hosts_leave_one_item_holding_one_of_them()
    {
        await using var harness = await GraphHarness.StartAsync();
        var saves = Enumerable.Range(0, 10).Select(i => Personal("u-water", $"https://smba.trafficmanager.net/{i}/", Now.AddSeconds(i))).ToList();
        harness.Graph.GatherCreates(List, 10);

        await Task.WhenAll(saves.Select(a => harness.AnotherConversationStore().SaveConversationAsync(a)));

        Assert.Single(harness.Graph.ListsByName[List].Items);
        Assert.Contains(await harness.Conversations.FindConversationAsync("personal:u-water"), saves);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_leaves_one_item_and_no_error()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Null(await harness.Conversations.FindConversationAsync("personal:u-water")); // the list id is known from here on
        harness.Graph.Requests.Clear();
        harness.Graph.FailAfterApplying(List);

        await harness.Conversations.SaveConversationAsync(Personal("u-water"));

        // Looked up, created (answered 503), sent again by the SDK (409: it is there), read back: it holds this save.
        Assert.Equal([("GET", 200), ("POST", 503), ("POST", 409), ("GET", 200)], ItemRequests(harness));
        Assert.Single(harness.Graph.ListsByName[List].Items);
        Assert.Equal(Personal("u-water"), await harness.AnotherConversationStore().FindConversationAsync("personal:u-water"));
    }

    [Fact]
    public async Task An_update_whose_answer_was_lost_is_read_back_not_retried_into_an_error()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Conversations.SaveConversationAsync(Personal("u-water"));
        harness.Graph.Requests.Clear();
        harness.Graph.FailAfterApplying(List);
        var moved = Personal("u-water", "https://smba.trafficmanager.net/apac/", Now.AddDays(1));

        await harness.Conversations.SaveConversationAsync(moved);

        // Looked up, updated (answered 503), sent again by the SDK with the old eTag (412), read again: it holds this save.
        Assert.Equal([("GET", 200), ("PATCH", 503), ("PATCH", 412), ("GET", 200)], ItemRequests(harness));
        Assert.Equal([moved], await harness.AnotherConversationStore().ListConversationsAsync());
    }

    [Fact]
    public async Task A_save_is_one_lookup_and_at_most_one_write()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Empty(await harness.Conversations.ListConversationsAsync());
        var cost = new List<IReadOnlyList<(string, int)>>();
        foreach (var address in new[] { Personal("u-water"), Personal("u-water", at: Now.AddHours(1)), Personal("u-water", at: Now.AddHours(1)) })
        {
            harness.Graph.Requests.Clear();
            await harness.Conversations.SaveConversationAsync(address);
            cost.Add(ItemRequests(harness));
        }

        Assert.Equal([("GET", 200), ("POST", 201)], cost[0]); // new
        Assert.Equal([("GET", 200), ("PATCH", 200)], cost[1]); // changed
        Assert.Equal([("GET", 200)], cost[2]); // already holds it
        Assert.Equal(Personal("u-water", at: Now.AddHours(1)), Assert.Single(await harness.AnotherConversationStore().ListConversationsAsync()));
    }

    [Fact]
    public async Task Marking_gone_writes_only_the_gone_fields_keeps_an_edit_made_in_lists_and_survives_a_lost_answer()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Conversations.SaveConversationAsync(Personal("u-water"));
        harness.Graph.EditItem(List, f => (string?)f["ConversationKey"] == "personal:u-water", new JsonObject { ["ServiceUrl"] = "https://smba.trafficmanager.net/emea/" });
        harness.Graph.FailAfterApplying(List);

        Assert.True(await harness.Conversations.MarkConversationGoneAsync("personal:u-water", "blocked", Now.AddDays(1)));

        var gone = (await harness.AnotherConversationStore().FindConversationAsync("personal:u-water"))!;
        Assert.Equal((Now.AddDays(1), "blocked", Now.AddDays(1)), (gone.GoneAt, gone.GoneReason, gone.UpdatedAt));
        Assert.Equal("https://smba.trafficmanager.net/emea/", gone.ServiceUrl); // the edit is kept: only the gone fields are written
        Assert.Single(harness.Graph.ListsByName[List].Items);
    }

    [Fact]
    public async Task Many_addresses_come_back_whole_across_pages_in_key_order()
    {
        await using var harness = await GraphHarness.StartAsync();
        var keys = Enumerable.Range(0, 10).Select(i => $"u-{(i * 7) % 10}").ToList();
        foreach (var aad in keys)
        {
            await harness.Conversations.SaveConversationAsync(Personal(aad));
        }

        var all = await harness.AnotherConversationStore().ListConversationsAsync(); // the fake answers 3 items a page

        Assert.Equal(keys.Select(ConversationAddress.PersonalKey).Order(StringComparer.Ordinal), all.Select(a => a.Key));
        Assert.Contains(harness.Graph.Requests, r => r.Path.Contains("skiptoken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_item_saved_before_the_locale_column_reads_with_no_locale_and_a_site_provisioned_before_gets_the_column()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Conversations.SaveConversationAsync(Personal("u-water"));
        var columns = harness.Graph.ListsByName[List].Columns;
        columns.Remove("Locale");
        foreach (var item in harness.Graph.ListsByName[List].Items.Values)
        {
            item.Fields.Remove("Locale"); // as written by the build before this column
        }

        Assert.Null((await harness.AnotherConversationStore().FindConversationAsync("personal:u-water"))!.Locale);
        var repaired = await GraphHarness.ListsOn(harness.Graph, new GraphRequestCounter()).ProvisionAsync(default);
        Assert.Equal([$"{List}.Locale"], repaired.AddedColumns);

        await harness.AnotherConversationStore().SaveConversationAsync(Personal("u-water") with { Locale = "en-US" });
        Assert.Equal("en-US", (await harness.AnotherConversationStore().FindConversationAsync("personal:u-water"))!.Locale);
    }

    private static List<(string, int)> ItemRequests(GraphHarness harness) =>
        [.. harness.Graph.Requests.Where(r => r.Path.Contains("/items", StringComparison.Ordinal)).Select(r => (r.Method, r.Status))];
}
