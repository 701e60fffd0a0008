using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The store contract on the Graph store, against the local fake Graph server, over real HTTP through the SDK.</summary>
public sealed class GraphStoreTests : StoreContract
{
    protected override async Task<IStoreHarness> OpenAsync() => await GraphHarness.StartAsync();

    [Fact]
    public async Task Provisioning_creates_typed_indexed_lists_and_is_idempotent()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        var lists = GraphHarness.ListsOn(graph, new GraphRequestCounter());
        var first = await lists.ProvisionAsync(default);
        Assert.Equal(["RectifyTasks", "RectifyReports", "RectifyPeople", "RectifyBotState", "RectifyConversations", "RectifySends", "RectifyNotices", "RectifyNoticeRecipients"], first.CreatedLists);
        var reports = graph.ListsByName["RectifyReports"];
        Assert.True((bool)reports.Columns["SourceId"]["enforceUniqueValues"]!);
        Assert.True((bool)reports.Columns["Period"]["indexed"]!);
        Assert.NotNull(reports.Columns["ReportedAt"]["dateTime"]);
        Assert.NotNull(graph.ListsByName["RectifyTasks"].Columns["Status"]["choice"]);
        Assert.True((bool)graph.ListsByName["RectifyTasks"].Columns["Problem"]["text"]!["allowMultipleLines"]!);
        Assert.True((bool)graph.ListsByName["RectifySends"].Columns["SendKey"]["enforceUniqueValues"]!);

        Assert.True((await lists.ProvisionAsync(default)).ChangedNothing);

        graph.ListsByName["RectifyPeople"].Columns.Remove("Role");
        graph.ListsByName["RectifyReports"].Columns["Period"]["indexed"] = false;
        var repaired = await GraphHarness.ListsOn(graph, new GraphRequestCounter()).ProvisionAsync(default);
        Assert.Equal(["RectifyReports.Period (index)", "RectifyPeople.Role"], repaired.AddedColumns);
        Assert.Empty(repaired.CreatedLists);
        Assert.True((bool)graph.ListsByName["RectifyReports"].Columns["Period"]["indexed"]!);
    }

    [Fact]
    public async Task A_site_given_by_url_is_resolved_once_to_its_id()
    {
        await using var graph = await FakeGraphServer.StartAsync();
        var options = GraphHarness.Options(graph);
        options.SiteId = null;
        options.SiteUrl = "https://contoso.sharepoint.com/sites/rectify/";
        var lists = new GraphListClient(GraphClientBuilder.Build(options, new GraphRequestCounter()), options);
        Assert.Equal(FakeGraphServer.SiteId, await lists.SiteIdAsync(default));
        await lists.ProvisionAsync(default);
        Assert.Single(graph.Requests, r => Uri.UnescapeDataString(r.Path).Contains("contoso.sharepoint.com:/sites/rectify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filter_on_a_column_that_is_not_indexed_is_refused_without_the_prefer_header()
    {
        await using var harness = await GraphHarness.StartAsync();
        var error = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() =>
            harness.Lists.QueryAsync(GraphLists.Reports, "fields/Unit eq '市水务局'", ["Unit"], nonIndexed: false, default));
        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Empty(await harness.Lists.QueryAsync(GraphLists.Reports, "fields/Unit eq '市水务局'", ["Unit"], nonIndexed: true, default));
    }

    [Fact]
    public async Task A_large_list_comes_back_whole_across_pages()
    {
        await using var harness = await GraphHarness.StartAsync();
        harness.Graph.MaxPageSize = 7;
        await harness.Store.ImportTasksAsync(Enumerable.Range(1, 100).Select(n => Build.Task(n)).ToList());
        var all = await Paging.ReadAllAsync((p, ct) => harness.Reopen().Store.QueryTasksAsync(TaskQuery.All, p, ct), default);
        Assert.Equal(Enumerable.Range(1, 100), all.Select(t => t.Number));
        Assert.Contains(harness.Graph.Requests, r => r.Path.Contains("skiptoken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_of_12000_tasks_comes_back_whole_through_200_item_pages()
    {
        await using var harness = await GraphHarness.StartAsync();
        harness.Graph.MaxPageSize = 200;
        for (var n = 1; n <= 12_000; n++)
        {
            harness.Graph.AddItem("RectifyTasks", new JsonObject
            {
                ["Title"] = n.ToString(), ["Number"] = n, ["Problem"] = $"问题 {n}", ["Deadline"] = "2019-06-30T00:00:00Z", ["DeadlineText"] = "2019 年 6 月底之前",
                ["DeadlineKind"] = "Dated", ["Status"] = "NotStarted", ["PercentComplete"] = 0, ["Version"] = 1, ["ResponsibleUnitsText"] = "市水务局", ["ResponsibleUnits"] = "[\"市水务局\"]",
            });
        }
        harness.Graph.Requests.Clear();
        var all = await Paging.ReadAllAsync((p, ct) => harness.Store.QueryTasksAsync(TaskQuery.All, p, ct), default);
        Assert.Equal(Enumerable.Range(1, 12_000), all.Select(t => t.Number));
        Assert.Equal(60, harness.Graph.Requests.Count(r => r.Path.Contains("/items", StringComparison.Ordinal)));
        Assert.Equal(12_000, (await Paging.ReadAllAsync((p, ct) => harness.Store.QueryTasksAsync(new TaskQuery { Unit = "市水务局", OverdueAsOf = new DateOnly(2019, 7, 1) }, p, ct), default)).Count);
        Assert.Equal(60, harness.Graph.Requests.Count(r => r.Path.Contains("/items", StringComparison.Ordinal))); // served from the cache
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_an_edit_in_lists_wins_over_an_old_read()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(1)]);
        var read = (await harness.Store.GetTaskAsync(1))!;
        harness.Graph.EditItem("RectifyTasks", f => (int)f["Number"]! == 1, new JsonObject { ["Status"] = "Lagging", ["Version"] = 2 });
        var write = await harness.Inner.UpdateTaskAsync(read with { PercentComplete = 50 });
        Assert.Equal(TaskWriteOutcome.Stale, write.Outcome);
        Assert.Equal(RectificationStatus.Lagging, write.Task!.Status);
    }

    [Fact]
    public async Task After_a_stale_task_answer_the_next_read_of_the_task_is_fresh_not_the_cached_copy()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        var seen = (await harness.Store.GetTaskAsync(3))!; // cached by this instance
        await harness.Another().SubmitReportAsync(Build.Report(3, "card:other", percent: 40), null); // another instance

        Assert.Equal(ReportOutcome.StaleTask, (await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), seen.Version)).Outcome);
        var reread = (await harness.Store.GetTaskAsync(3))!;
        Assert.Equal((2, 40), (reread.Version, reread.PercentComplete));
        Assert.Equal(ReportOutcome.Stored, (await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), reread.Version)).Outcome);
    }

    [Fact]
    public async Task People_edited_in_microsoft_lists_are_picked_up_without_a_restart()
    {
        await using var harness = await GraphHarness.StartAsync();
        Assert.Null(await harness.Store.FindPersonAsync("u-new", null));
        harness.Graph.AddItem("RectifyPeople", new JsonObject { ["Title"] = "新联络员", ["AadObjectId"] = "u-new", ["PersonName"] = "新联络员", ["Unit"] = "市城建局", ["Role"] = "Official" });
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("市城建局", (await harness.Store.FindPersonAsync("u-new", null))!.Unit);
    }

    [Fact]
    public async Task Throttling_is_retried_by_the_sdk_and_counted()
    {
        // Up to the SDK's 10 retries, so a run of faults at 30% cannot exhaust them; the draws seeded here, not
        // shifted by how many requests provisioning made.
        await using var harness = await GraphHarness.StartAsync(o => o.MaxRetries = 10);
        harness.Graph.Seed(7);
        harness.Graph.FaultRate = 0.3;
        harness.Graph.Requests.Clear();
        await harness.Store.ImportTasksAsync(Enumerable.Range(1, 10).Select(n => Build.Task(n)).ToList());
        Assert.Contains(harness.Graph.Requests, r => r.Status is 429 or 503);
        Assert.Equal(harness.Graph.Requests.Count, harness.Counter.Count); // every attempt, retries included, is counted
        harness.Graph.FaultRate = 0;
        Assert.Equal(Enumerable.Range(1, 10), (await harness.Reopen().Store.QueryTasksAsync(TaskQuery.All, PageRequest.First)).Items.Select(t => t.Number));
    }

    [Fact]
    public async Task A_report_that_cannot_be_saved_waits_in_the_outbox_and_lands_once()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.FaultRate = 1; // Graph answers nothing but 429/503: the SDK's retries run out
        var queued = await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), null);
        Assert.Equal(ReportOutcome.Queued, queued.Outcome);
        Assert.Equal("card:1", (await harness.Store.GetReportBySourceAsync("card:1"))!.SourceId); // found in the outbox
        Assert.Equal(ReportOutcome.Queued, (await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), null)).Outcome);
        Assert.Single(await harness.Outbox.PendingAsync());

        harness.Graph.FaultRate = 0;
        var landed = await harness.Drainer().DrainAsync(default);
        Assert.Equal(1, landed);
        Assert.Empty(await harness.Outbox.PendingAsync());
        Assert.Single(harness.Graph.ListsByName["RectifyReports"].Items);
        Assert.Equal(60, (await harness.Reopen().Store.GetTaskAsync(3))!.PercentComplete);
    }

    [Fact]
    public async Task A_fault_run_stores_every_report_exactly_once_and_leaves_every_task_right()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync(Enumerable.Range(1, 5).Select(n => Build.Task(n)).ToList());
        harness.Graph.FaultRate = 0.2;
        harness.Graph.AppliedThenFailedRate = 0.1;
        var start = new DateTimeOffset(2019, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var reports = Enumerable.Range(0, 40).Select(i => Build.Report(i % 5 + 1, $"card:{i}", percent: i + 10, at: start.AddMinutes(i))).ToList();

        // Two submissions of every report, racing, several on the same task at once, each through its own store instance.
        await Parallel.ForEachAsync(reports.Concat(reports), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (report, ct) =>
            await harness.Reopen().Store.SubmitReportAsync(report, null, ct));
        harness.Graph.FaultRate = 0;
        harness.Graph.AppliedThenFailedRate = 0;
        await harness.Drainer().DrainAsync(default);

        var stored = harness.Graph.ListsByName["RectifyReports"].Items.Values.Select(i => (string)i.Fields["SourceId"]!).ToList();
        Assert.Equal(40, stored.Count);
        Assert.Equal(40, stored.Distinct().Count());
        var fresh = harness.Reopen().Store;
        foreach (var number in Enumerable.Range(1, 5))
        {
            var latest = reports.Where(r => r.TaskNumber == number).MaxBy(r => r.ReportedAt)!;
            var task = (await fresh.GetTaskAsync(number))!;
            Assert.Equal((latest.PercentComplete, latest.ReportedAt), (task.PercentComplete, task.LastReportAt));
        }
        Assert.Empty(await harness.Outbox.PendingAsync());
    }

    /// <summary>
    /// Why list items are read as JSON (GraphListClient.QueryAsync) and not through the SDK's typed
    /// <c>ListItem.Fields.AdditionalData</c>: with Microsoft.Graph 6.10 the typed read still turns text that looks like a
    /// date or a GUID into <see cref="DateTime"/> or <see cref="Guid"/>. When this fails, the SDK changed: try the typed reads again.
    /// </summary>
    [Fact]
    public async Task The_sdks_typed_field_values_still_change_text_that_looks_like_a_date_or_a_guid_so_fields_are_read_as_json()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        await harness.State.WriteStateAsync("5fd4ca7a-31c1-4d74-8991-840568b13d8b", "{}", null);
        var site = await harness.Lists.SiteIdAsync(default);

        async Task<IDictionary<string, object>> TypedFieldsAsync(string suffix) =>
            (await harness.Lists.Client.Sites[site].Lists[await harness.Lists.ListIdAsync(suffix, default)].Items.GetAsync(r => r.QueryParameters.Expand = ["fields"]))!
                .Value![0].Fields!.AdditionalData;

        Assert.IsType<DateTime>((await TypedFieldsAsync(GraphLists.Tasks))["DeadlineText"]); // a text column holding "2019-06-30"
        Assert.IsType<Guid>((await TypedFieldsAsync(GraphLists.BotState))["StateKey"]);
        Assert.Equal("2019-06-30", (await harness.Reopen().Store.GetTaskAsync(3))!.Deadline.Text);
        Assert.Contains("5fd4ca7a-31c1-4d74-8991-840568b13d8b", (await harness.Reopen().State.ReadStateAsync(["5fd4ca7a-31c1-4d74-8991-840568b13d8b"])).Keys);
    }
}
