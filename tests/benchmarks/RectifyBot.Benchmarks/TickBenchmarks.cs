using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Benchmarks;

/// <summary>
/// One tick of the plan's rhythm at 1,000 tasks and 2,000 people in the embedded store: the occurrences due, planned by the
/// host's own planners and each message claimed and marked sent in the send log — on a reminder day (the 10th moved to
/// Friday the 8th; its countdown runs too, as every day at 09:00), on the 16th (escalation and countdown) and on a day
/// with only the countdown. The sender claims and marks sent as the host's sender does but delivers nothing: the host's
/// pacing (30 messages a second per bot) alone would make a 2,000-message tick last over a minute, whatever the bot's own
/// work. The echo turn is the README's baseline.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class TickBenchmarks
{
    /// <summary>The seed's shape: municipal bureaus lead, districts (central and new) are responsible, some tasks name "all districts".</summary>
    private static readonly string[] Bureaus = [.. Enumerable.Range(1, 40).Select(i => $"市第{i}局"), "市水务局", "市农业农村局", "市城建局", "市商务局", "市生态环境局"];
    private static readonly string[] Districts = ["江岸区政府", "江汉区政府", "硚口区政府", "汉阳区政府", "武昌区政府", "青山区政府", "洪山区政府", "蔡甸区政府", "江夏区政府", "黄陂区政府", "新洲区政府", "东西湖区政府", "汉南区政府"];
    private static readonly DateTimeOffset ReminderDay = new(2019, 3, 8, 9, 5, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset EscalationDay = new(2019, 3, 16, 9, 5, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset CountdownDay = new(2019, 3, 20, 9, 5, 0, TimeSpan.FromHours(8));

    private string _folder = null!;
    private WebApplication _host = null!;
    private RhythmRunner _runner = null!;
    private RectifyBot.Tasks.Rhythm.RhythmSchedule _schedule = null!;
    private IRhythmPlanner[] _planners = null!;
    private string _database = null!;
    private EchoAdapter _echo = null!;

    [Params(1000)]
    public int Tasks { get; set; }

    [Params(2000)]
    public int People { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("rectifybot-tick-bench-").FullName;
        _database = Path.Combine(_folder, "bench.db");
        _host = BotWebHost.Build([$"--Store:Sqlite:Path={_database}", "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.AddSingleton<IProactiveSender, ClaimingSender>());
        var store = (SqliteTaskStore)_host.Services.GetRequiredService<ITaskStore>();
        var units = Bureaus.Concat(Districts).ToArray();
        var leaders = Enumerable.Range(1, 40).Select(i => new Person($"u-leader-{i}", null, $"组长{i}", "市领导小组综合协调组", PersonRole.Leader));
        var admins = Enumerable.Range(1, 10).Select(i => new Person($"u-admin-{i}", null, $"管理员{i}", "市生态环境局", PersonRole.Admin));
        var officials = Enumerable.Range(0, People - 50).Select(i => new Person($"u-{i}", null, $"联络员{i}", units[i % units.Length], PersonRole.Official));
        List<Person> people = [.. leaders, .. admins, .. officials];
        await store.UpsertPeopleAsync(people);
        await store.ImportTasksAsync([.. Enumerable.Range(1, Tasks).Select(Shaped)]);

        // Nine in ten have installed the bot; a third of the tasks have this month's report from their lead unit.
        var now = ReminderDay.AddDays(-7);
        foreach (var person in people.Where((_, i) => i % 10 != 3))
        {
            await store.SaveConversationAsync(new ConversationAddress
            {
                Key = ConversationAddress.PersonalKey(person.Key), Kind = ConversationKind.Personal, ConversationId = "a:" + person.Key, ServiceUrl = "http://127.0.0.1:9/",
                ChannelId = "msteams", AadObjectId = person.Key, UserId = "29:" + person.Key, BotId = "28:rectifybot", UpdatedAt = now,
            });
        }
        for (var i = 1; i <= Tasks; i += 3)
        {
            var lead = Shaped(i).LeadUnits.Names[0];
            await store.SubmitReportAsync(new ProgressReport
            {
                Id = $"r{i}", TaskNumber = i, Unit = lead, ReporterId = "u-0", ReporterName = "联络员", ReportedAt = now,
                Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 50, Summary = "推进中", SourceId = $"s{i}",
            }, null);
        }
        _runner = _host.Services.GetRequiredService<RhythmRunner>();
        _schedule = _host.Services.GetRequiredService<RectifyBot.Tasks.Rhythm.RhythmSchedule>();
        _planners = [.. _host.Services.GetServices<IRhythmPlanner>()];
        _echo = new EchoAdapter();
        foreach (var (name, at) in new[] { ("reminder day", ReminderDay), ("the 16th", EscalationDay), ("countdown day", CountdownDay) })
        {
            ClearSendLog();
            var report = await _runner.TickAsync(at.AddMinutes(-10), at, default);
            Console.WriteLine($"// {name}: due {string.Join(", ", report.Due.Select(d => d.Kind))}; sent {report.Sends.Count(s => s.Outcome == SendOutcome.Sent)} " +
                $"({string.Join(", ", report.Sends.GroupBy(s => s.Message.Kind).Select(g => $"{g.Key} {g.Count()}"))}); not installed {report.Unreachable.Count}");
        }
    }

    /// <summary>A task shaped like the seed's: one or two bureaus lead, a few bureaus and districts responsible, every fifth "all districts".</summary>
    private static RectificationTask Shaped(int i)
    {
        var lead = i % 4 == 0 ? new[] { Bureaus[i % Bureaus.Length], Bureaus[(i + 11) % Bureaus.Length] } : [Bureaus[i % Bureaus.Length]];
        string[] responsible = i % 5 == 0
            ? [Bureaus[(i + 3) % Bureaus.Length], "各区政府"]
            : [Bureaus[(i + 7) % Bureaus.Length], Districts[i % Districts.Length], Districts[(i + 5) % Districts.Length]];
        return new RectificationTask
        {
            Number = i,
            Section = $"({"一二三四五"[i % 5]})第{i % 5}部分",
            Problem = $"第{i}项问题：部分区域雨污分流改造推进不快，污水直排问题仍然存在。",
            Measures = ["摸排调查", "分区域实施改造", "复查验收"],
            Deadline = i % 3 == 0 ? new Deadline(new DateOnly(2020, 12, 31), "2020 年底之前", DeadlineKind.Dated) : new Deadline(new DateOnly(2019, 1, 1).AddDays(i % 500), "按期完成", DeadlineKind.Dated),
            LeadUnits = new UnitList(string.Join("、", lead), lead),
            ResponsibleUnits = new UnitList(string.Join("、", responsible), responsible),
        };
    }

    /// <summary>Every tick starts from an empty send log, or the claims of the last iteration would send nothing.</summary>
    private void ClearSendLog()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sends";
        command.ExecuteNonQuery();
    }

    [IterationSetup(Targets = [nameof(ReminderTick), nameof(EscalationTick), nameof(CountdownTick)])]
    public void EmptySendLog() => ClearSendLog();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    [Benchmark(Baseline = true)]
    public Task<string> EchoTurn() => _echo.RunAsync("哪些任务逾期了");

    [Benchmark]
    public Task<TickReport> ReminderTick() => _runner.TickAsync(ReminderDay.AddMinutes(-10), ReminderDay, default);

    [Benchmark]
    public Task<TickReport> EscalationTick() => _runner.TickAsync(EscalationDay.AddMinutes(-10), EscalationDay, default);

    /// <summary>The reminder day's planning alone (reminders and countdown planned, addresses looked up, nothing claimed): the rest of its tick is the send log.</summary>
    [Benchmark]
    public async Task<int> ReminderDayPlanningOnly()
    {
        var planned = 0;
        foreach (var occurrence in _schedule.Due(ReminderDay.AddMinutes(-10), ReminderDay))
        {
            planned += (await _planners.Single(p => p.Kind == occurrence.Kind).PlanAsync(occurrence, default)).Count;
        }
        return planned;
    }

    [Benchmark]
    public Task<TickReport> CountdownTick() => _runner.TickAsync(CountdownDay.AddMinutes(-10), CountdownDay, default);

    /// <summary>The host's sender without the channel: the same claim before and "sent" after, in the same send log; nothing delivered.</summary>
    private sealed class ClaimingSender(ISendLog log, TimeProvider time) : IProactiveSender
    {
        public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
        {
            if (message.To.IsGone)
            {
                return SendOutcome.Gone;
            }
            if (!await log.TryClaimAsync(message.Key, message.Kind, message.To.Key, time.GetUtcNow(), ProactiveSender.StaleClaim, cancellationToken))
            {
                return SendOutcome.NotClaimed;
            }
            await log.MarkSentAsync(message.Key, time.GetUtcNow(), cancellationToken);
            return SendOutcome.Sent;
        }
    }

    /// <summary>The README's baseline: an echo bot's turn through the Bot Framework pipeline, the reply discarded.</summary>
    private sealed class EchoAdapter : BotAdapter
    {
        private string _last = "";

        public async Task<string> RunAsync(string text)
        {
            var activity = new Activity(ActivityTypes.Message)
            {
                Id = Guid.NewGuid().ToString("N"), Text = text, ChannelId = Channels.Msteams, ServiceUrl = "urn:bench", Locale = "zh-CN",
                From = new ChannelAccount("u-leader", "u-leader") { AadObjectId = "u-leader" }, Recipient = new ChannelAccount("bot"),
                Conversation = new ConversationAccount(id: "bench-u-leader", conversationType: "personal"),
            };
            using var context = new TurnContext(this, activity);
            await RunPipelineAsync(context, (turn, ct) => turn.SendActivityAsync(MessageFactory.Text(turn.Activity.Text), ct), default);
            return _last;
        }

        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            _last = string.Concat(activities.Select(a => a.Text + Newtonsoft.Json.JsonConvert.SerializeObject(a.Attachments)));
            return System.Threading.Tasks.Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
        }

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
