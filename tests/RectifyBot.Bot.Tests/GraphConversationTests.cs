using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Import;
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
        var (adapter, bot, _) = BotKit.Create(_store, _state, _time, user, "zh-CN");
        return new Chat(adapter, bot);
    }

    /// <summary>Runs a turn and reports how many Graph requests it took (cache warm or cold as the caller left it).</summary>
    private async Task<(IReadOnlyList<Microsoft.Bot.Schema.IActivity> Replies, long Requests)> CountedAsync(Func<Task<IReadOnlyList<Microsoft.Bot.Schema.IActivity>>> turn, string name)
    {
        var before = _counter.Count;
        var replies = await turn();
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
        Assert.True(openCost <= 12 && submitCost <= 12 && owedCost <= 8 && overdueCost <= 8 && coldOverdue <= 14,
            $"requests per turn: open {openCost}, submit {submitCost}, owed {owedCost}, overdue {overdueCost}, cold overdue {coldOverdue}");
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

        _graph.FaultRate = 0;
        Assert.Equal(1, await new OutboxDrainer(_graphStore, _outbox, GraphTaskStore.IsTransient).DrainAsync(default));
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data); // pressed again after the store is back
        Assert.Single(_graph.ListsByName["RectifyReports"].Items);
        Assert.Empty(await _outbox.PendingAsync());
    }
}
