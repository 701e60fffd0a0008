using BenchmarkDotNet.Attributes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Bot;
using RectifyBot.Dialogs;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Benchmarks;

/// <summary>
/// A leader's whole "哪些任务逾期了" turn over 1,000 tasks in the embedded store (recognize, look up the person, read the
/// tasks, group, read the last reports of the page, build the card, save state), next to an echo turn through the same
/// adapter and pipeline: the ratio is the cost of the bot's own work.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class TurnBenchmarks
{
    private static readonly string[] Units = [.. Enumerable.Range(1, 30).Select(i => $"市第{i}局"), "江岸区政府", "各区政府", "市水务局"];
    private string _folder = null!;
    private ServiceProvider _services = null!;
    private DiscardingAdapter _adapter = null!;
    private DiscardingAdapter _echoAdapter = null!;
    private IBot _rectify = null!;
    private IBot _echo = null!;

    [Params(1000)]
    public int Tasks { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("rectifybot-turn-bench-").FullName;
        var matcher = new UnitMatcher();
        var store = new SqliteTaskStore(Path.Combine(_folder, "bench.db"), matcher);
        var tasks = Enumerable.Range(1, Tasks).Select(i => new RectificationTask
        {
            Number = i,
            Section = $"({"一二三四五"[i % 5]})第{i % 5}部分",
            Problem = $"第{i}项问题：部分区域雨污分流改造推进不快，污水直排问题仍然存在。",
            Measures = ["摸排调查", "分区域实施改造", "复查验收"],
            Deadline = new Deadline(new DateOnly(2018, 6, 30).AddDays(i % 400), "按期完成", DeadlineKind.Dated),
            LeadUnits = new UnitList(Units[i % Units.Length], [Units[i % Units.Length]]),
            ResponsibleUnits = new UnitList(string.Join("、", Units[(i + 7) % Units.Length], Units[(i + 13) % Units.Length]), [Units[(i + 7) % Units.Length], Units[(i + 13) % Units.Length]]),
        }).ToList();
        await store.ImportTasksAsync(tasks);
        await store.UpsertPeopleAsync([new Person("u-leader", null, "组长", "市领导小组综合协调组", PersonRole.Leader), .. Units.Take(20).Select((u, i) => new Person($"u-{i}", null, $"联络员{i}", u, PersonRole.Official))]);
        for (var i = 1; i <= Tasks; i += 3)
        {
            await store.SubmitReportAsync(new ProgressReport
            {
                Id = $"r{i}", TaskNumber = i, Unit = Units[i % Units.Length], ReporterId = "u-0", ReporterName = "联络员", ReportedAt = new DateTimeOffset(2019, 3, 5, 2, 0, 0, TimeSpan.Zero),
                Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 50, Summary = "推进中", SourceId = $"s{i}",
            }, null);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(new PinnedTime(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(matcher);
        services.AddSingleton<ITaskStore>(store);
        services.AddSingleton<IBotStateStore>(store);
        services.AddSingleton(new ReportOutbox(store.Path));
        services.AddSingleton<IConversationStore>(store);
        services.AddRectifyDialogs();
        _services = services.BuildServiceProvider();
        _rectify = new RectifyActivityHandler(_services.GetRequiredService<MessageRouter>(), _services.GetRequiredService<PrivateConversationState>(),
            _services.GetRequiredService<RectifyBot.Dialogs.Proactive.ConversationCapture>(), _services.GetRequiredService<RectifyBot.Dialogs.Queries.TaskSearch>(),
            _services.GetRequiredService<RectifyBot.Dialogs.Files.FileOffers>());
        _echo = new EchoBot();
        _echoAdapter = new DiscardingAdapter(); // the pipeline alone: the identity lookup is the bot's own work
        _adapter = new DiscardingAdapter();
        foreach (var middleware in _services.GetServices<IMiddleware>())
        {
            _adapter.Use(middleware); // the identity lookup, as the host's adapter runs it
        }
        if (!(await _adapter.TurnAsync(_rectify, "哪些任务逾期了")).Contains("项任务逾期", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The overdue turn did not answer with the overdue card.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    [Benchmark(Baseline = true)]
    public Task<string> EchoTurn() => _echoAdapter.TurnAsync(_echo, "哪些任务逾期了");

    [Benchmark]
    public Task<string> OverdueTurn() => _adapter.TurnAsync(_rectify, "哪些任务逾期了");

    [Benchmark]
    public Task<string> OwedTurn() => _adapter.TurnAsync(_rectify, "本月我单位要报什么", "u-0");

    private sealed class EchoBot : IBot
    {
        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) =>
            turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text), cancellationToken);
    }

    private sealed class PinnedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Runs a turn through the Bot Framework pipeline and keeps what was sent, as the connector would receive it.</summary>
    private sealed class DiscardingAdapter : BotAdapter
    {
        private string _last = "";

        public async Task<string> TurnAsync(IBot bot, string text, string user = "u-leader")
        {
            var activity = new Activity(ActivityTypes.Message)
            {
                Id = Guid.NewGuid().ToString("N"), Text = text, ChannelId = Channels.Msteams, ServiceUrl = "urn:bench", Locale = "zh-CN",
                From = new ChannelAccount(user, user) { AadObjectId = user }, Recipient = new ChannelAccount("bot"),
                Conversation = new ConversationAccount(id: "bench-" + user, conversationType: "personal"),
            };
            using var context = new TurnContext(this, activity);
            await RunPipelineAsync(context, bot.OnTurnAsync, default);
            return _last;
        }

        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            _last = string.Concat(activities.Select(a => a.Text + Newtonsoft.Json.JsonConvert.SerializeObject(a.Attachments)));
            return Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
        }

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
