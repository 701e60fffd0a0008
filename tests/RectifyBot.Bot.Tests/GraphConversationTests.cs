using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;
using RectifyBot.Tasks.Tests.Graph;
using RectifyBot.Tasks.Units;
using Xunit.Abstractions;

namespace RectifyBot.Bot.Tests;

/// <summary>The conversations with the Graph store behind them (a provisioned fake site), and the Graph requests each turn costs.</summary>
public sealed class GraphConversationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-graph-bot-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly GraphRequestCounter _counter = new();
    private FakeGraphServer _graph = null!;
    private OutboxTaskStore _store = null!;
    private GraphTaskStore _graphStore = null!;
    private GraphBotStateStore _state = null!;
    private ReportOutbox _outbox = null!;
    private GraphConversationStore _conversations = null!;
    private GraphSendLog _sends = null!;
    private GraphNoticeStore _notices = null!;
    private SqliteTaskStore _audit = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphServer.StartAsync();
        _graph.MaxPageSize = 200;
        var options = new GraphStoreOptions { SiteId = FakeGraphServer.SiteId, AccessToken = FakeGraphServer.Token, BaseUrl = _graph.BaseUrl, MaxRetries = 3 };
        var lists = new GraphListClient(GraphClientBuilder.Build(options, _counter), options);
        await lists.ProvisionAsync(default);
        var matcher = new UnitMatcher();
        _outbox = new ReportOutbox(Path.Combine(_folder, "outbox.db"));
        _graphStore = new GraphTaskStore(lists, matcher, options, _time);
        _store = new OutboxTaskStore(_graphStore, _outbox, GraphTaskStore.IsTransient, _time);
        _state = new GraphBotStateStore(lists);
        _conversations = new GraphConversationStore(lists, options, _time);
        _sends = new GraphSendLog(lists, options, _time);
        _notices = new GraphNoticeStore(lists, options, _time);
        _audit = new SqliteTaskStore(Path.Combine(_folder, "audit.db"), matcher, _time);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    private Chat Start(string user)
    {
        var (adapter, bot, _) = BotKit.Create(_store, _state, _time, user, "zh-CN", outbox: _outbox, conversations: _conversations, sends: _sends, notices: _notices, audit: _audit);
        adapter.Conversation.Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: "personal-" + user); // each person's own chat
        return new Chat(adapter, bot);
    }

    /// <summary>Runs a turn and reports how many Graph requests it took (cache warm or cold as the caller left it).</summary>
    private async Task<(IReadOnlyList<Microsoft.Bot.Schema.IActivity> Replies, long Requests)> CountedAsync(Func<Task<IReadOnlyList<Microsoft.Bot.Schema.IActivity>>> turn, string name)
    {
        var before = _counter.Count;
        _graph.Requests.Clear();
        var replies = await turn();
        foreach (var r in _graph.Requests) output.WriteLine($"   {r.Method} {Uri.UnescapeDataString(r.Path)} {r.Status}");
        var requests = _counter.Count - before;
        output.WriteLine($"{name}: {requests} Graph requests");
        return (replies, requests);
    }

    [Fact]
    public async Task A_report_through_the_card_lands_in_the_sharepoint_list_once_and_each_turn_costs_few_requests()
    {
        var water = Start("u-water");
        var (opened, openCost) = await CountedAsync(() => water.SayAsync("报告任务3进展"), "open the report form (cold cache)");
        var form = Assert.Single(Chat.Cards(opened));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";
        var (saved, submitCost) = await CountedAsync(() => water.ExecuteAsync(CardVerbs.ReportSubmit, data), "submit the report");
        Assert.Contains("已保存", Chat.Read(Assert.Single(Chat.Cards(saved))));
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);

        var item = Assert.Single(_graph.ListsByName["RectifyReports"].Items.Values);
        Assert.Equal(("福新泵站主体完工", 60.0), ((string)item.Fields["Summary"]!, (double)item.Fields["PercentComplete"]!));
        var task = _graph.ListsByName["RectifyTasks"].Items.Values.Single(i => (double)i.Fields["Number"]! == 3);
        Assert.Equal(("InProgress", 60.0), ((string)task.Fields["Status"]!, (double)task.Fields["PercentComplete"]!));

        var (owed, owedCost) = await CountedAsync(() => water.SayAsync("本月我单位要报什么"), "what my unit owes (warm cache)");
        Assert.Contains("已报 1 / 应报 2", Chat.Read(Assert.Single(Chat.Cards(owed))));
        var leader = Start("u-leader");
        var (overdue, overdueCost) = await CountedAsync(() => leader.SayAsync("哪些任务逾期了"), "what is overdue (warm cache)");
        Assert.Contains("2 项任务逾期", Chat.Read(Assert.Single(Chat.Cards(overdue))));

        _time.Advance(TimeSpan.FromMinutes(5)); // caches expired
        var (_, coldOverdue) = await CountedAsync(() => leader.SayAsync("哪些任务逾期了"), "what is overdue (cold cache)");
        // The figures in the README's "Cost" table, exactly: a change in them is a change to explain there. The leader's
        // first message is the first of their own conversation (state read, looked up again, created: 3 of its 5).
        Assert.Equal((7L, 8L, 3L, 7L, 6L), (openCost, submitCost, owedCost, overdueCost, coldOverdue));
    }

    [Fact]
    public async Task When_graph_cannot_be_written_the_user_is_told_the_report_is_queued_and_it_lands_once_later()
    {
        var water = Start("u-water");
        var form = Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";

        _graph.FaultRate = 1; // every request throttled until the SDK's retries run out
        var queued = Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data))));
        Assert.Contains("待发队列", queued);
        Assert.DoesNotContain("已保存", queued);
        Assert.Empty(_graph.ListsByName["RectifyReports"].Items);

        // Pressed again while Graph is still down: still queued, never "already saved" for a report that is not.
        var again = Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data))));
        Assert.Contains("待发队列", again);
        Assert.DoesNotContain("保存过", again);
        Assert.Single(await _outbox.PendingAsync());

        _graph.FaultRate = 0;
        Assert.Equal(1, await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default));
        Assert.Contains("保存过", Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data))))); // pressed after it landed
        Assert.Single(_graph.ListsByName["RectifyReports"].Items);
        Assert.Empty(await _outbox.PendingAsync());
    }

    [Fact]
    public async Task A_queued_report_pressed_again_once_graph_is_back_is_saved_then_and_told_so()
    {
        var water = Start("u-water");
        var data = Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit);
        (data["status"], data["percent"], data["summary"]) = ("InProgress", "60", "福新泵站主体完工");
        _graph.FaultRate = 1;
        Assert.Contains("待发队列", Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data)))));

        _graph.FaultRate = 0; // back before the outbox's next pass: the press itself lands it
        Assert.Contains("已保存任务 3", Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data)))));
        Assert.Single(_graph.ListsByName["RectifyReports"].Items);
        Assert.Equal(0, await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default));
        Assert.Single(_graph.ListsByName["RectifyReports"].Items);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Eight_officials_of_one_unit_submitting_on_task_3_at_once_are_each_told_the_truth_and_the_store_holds_what_they_were_told(int seed)
    {
        var officials = Enumerable.Range(1, 8).Select(i => new Person($"u-water-{i}", null, $"水务局联络员{i}", "市水务局", PersonRole.Official)).ToList();
        await _store.UpsertPeopleAsync(officials);
        _time.Advance(TimeSpan.FromMinutes(1)); // the directory is read again
        var forms = new List<(Chat Chat, System.Text.Json.Nodes.JsonObject Data)>();
        foreach (var (official, i) in officials.Select((o, i) => (o, i)))
        {
            var chat = Start(official.AadObjectId!);
            var data = Chat.ActionData(Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit);
            (data["status"], data["percent"], data["summary"], data["reason"]) = ("InProgress", (61 + i).ToString(), $"联络员{i + 1}的进展", "按实际进度填报");
            forms.Add((chat, data));
        }
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1); // every report gets its own instant
        _graph.Seed(seed);
        (_graph.ThrottleRate, _graph.UnavailableRate, _graph.AppliedThenFailedRate) = (0.15, 0.05, 0.05);

        var replies = await Task.WhenAll(forms.Select(f => f.Chat.ExecuteAsync(CardVerbs.ReportSubmit, f.Data)));

        (_graph.ThrottleRate, _graph.UnavailableRate, _graph.AppliedThenFailedRate) = (0, 0, 0);
        var said = replies.Select(r => Chat.Read(Assert.Single(Chat.Cards(r)))).Select(Told).ToList();
        output.WriteLine($"seed {seed}: {said.Count(t => t == "saved")} told saved, {said.Count(t => t == "queued")} queued, {said.Count(t => t == "not saved")} not saved");
        Assert.DoesNotContain("?", said); // each reply says one of the three, nothing else (no "already saved", no error)
        Assert.DoesNotContain("not saved", said); // reports on one task are appended: they never fail each other
        var savedNow = Reports().Select(r => r.Summary).ToHashSet();
        Assert.All(Enumerable.Range(0, 8).Where(i => said[i] == "saved"), i => Assert.Contains($"联络员{i + 1}的进展", savedNow));

        await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default);
        // What the store holds is exactly what people were told: saved and queued ones once, "not saved" ones not at all.
        var stored = Reports();
        Assert.Equal(Enumerable.Range(0, 8).Where(i => said[i] != "not saved").Select(i => $"联络员{i + 1}的进展").Order(), stored.Select(r => r.Summary).Order());
        var newest = stored.MaxBy(r => r.ReportedAt)!;
        var task = _graph.ListsByName["RectifyTasks"].Items.Values.Single(i => (double)i.Fields["Number"]! == 3);
        Assert.Equal((double)newest.Percent, (double)task.Fields["PercentComplete"]!);
        Assert.Empty(await _outbox.PendingAsync());
    }

    /// <summary>What a reply card told its reader about the report.</summary>
    private static string Told(string card) =>
        (card.Contains("已保存任务", StringComparison.Ordinal), card.Contains("待发队列", StringComparison.Ordinal), card.Contains("报告没有保存", StringComparison.Ordinal)) switch
        {
            (true, false, false) => "saved",
            (false, true, false) => "queued",
            (false, false, true) => "not saved",
            _ => "?",
        };

    [Fact]
    public async Task A_queued_report_graph_then_refuses_is_kept_failed_and_turns_the_health_check_degraded()
    {
        var water = Start("u-water");
        var data = Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit);
        (data["status"], data["percent"], data["summary"]) = ("InProgress", "60", "福新泵站主体完工");
        _graph.FaultRate = 1;
        Assert.Contains("待发队列", Chat.Read(Assert.Single(Chat.Cards(await water.ExecuteAsync(CardVerbs.ReportSubmit, data)))));
        var check = new RectifyBot.Bot.Hosting.OutboxHealthCheck(_outbox);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(new())).Status);

        _graph.FaultRate = 0;
        _graph.RefuseReport = _ => true;
        Assert.Equal(0, await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default));

        var health = await check.CheckHealthAsync(new());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
        Assert.Contains("1 reports in the outbox were refused", health.Description);
        Assert.Contains("task 3", health.Description);
        Assert.Contains("this report is refused", health.Description);
        Assert.Empty(_graph.ListsByName["RectifyReports"].Items);
    }

    [Fact]
    public async Task Administrators_see_the_reports_waiting_in_the_outbox_and_those_refused_with_why_and_no_one_else_does()
    {
        var admin = Start("u-admin");
        Assert.Contains("待发队列是空的", Chat.Text(await admin.SayAsync("待发队列")));
        var water = Start("u-water");
        var data = Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit);
        (data["status"], data["percent"], data["summary"]) = ("InProgress", "60", "福新泵站主体完工");
        _graph.FaultRate = 1;
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);
        _graph.FaultRate = 0;

        var waiting = Chat.Text(await admin.SayAsync("查看待发队列"));
        Assert.Contains("1 份报告等待写入任务库", waiting);
        Assert.Contains("0 份被任务库拒绝", waiting);
        Assert.Contains("任务 3 · 水务局联络员（市水务局）", waiting); // the reporter by name and unit
        Assert.Contains("市水务局", waiting);

        _graph.RefuseReport = _ => true;
        await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default);
        var refused = Chat.Text(await admin.SayAsync("待发队列"));
        Assert.Contains("待发队列：0 份报告等待写入任务库（自动重试），1 份被任务库拒绝", refused);
        Assert.Contains("被拒绝的报告", refused);
        Assert.Contains("this report is refused", refused); // why, as the store said it

        Assert.Contains("只有管理员", Chat.Text(await water.SayAsync("待发队列")));
        Assert.Contains("只有管理员", Chat.Text(await Start("u-leader").SayAsync("outbox")));
    }

    private List<(string Summary, DateTimeOffset ReportedAt, int Percent)> Reports() =>
        [.. _graph.ListsByName["RectifyReports"].Items.Values.Select(i => ((string)i.Fields["Summary"]!,
            DateTimeOffset.Parse((string)i.Fields["ReportedAt"]!, System.Globalization.CultureInfo.InvariantCulture), (int)(double)i.Fields["PercentComplete"]!))];
}
