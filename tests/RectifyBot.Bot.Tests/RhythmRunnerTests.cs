using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The monthly report reminders through the real host's services and a connector over HTTP: on the 10th (moved to a
/// working day) and the 14th, to each official of a unit that still owes reports, once; nothing to a unit that filed.
/// </summary>
public sealed class RhythmRunnerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-rhythm-").FullName;
    private FakeConnector _connector = null!;
    private WebApplication _host = null!;

    private static DateTimeOffset China(int month, int day, int hour, int minute = 0, int year = 2019) => new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning"]);
        var store = _host.Services.GetRequiredService<ITaskStore>();
        await SampleData.LoadAsync(store, _host.Services.GetRequiredService<PlanImporter>());
        foreach (var person in new[] { "u-water", "u-jiangan", "u-leader" }) // u-agri has not installed the bot
        {
            await InstallAsync(person);
        }
    }

    /// <summary>The person's personal chat with the bot, on the fake connector, last written to in this locale.</summary>
    private Task InstallAsync(string person, string? locale = null) =>
        _host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(_connector.Personal(person, China(3, 1, 9), locale));

    /// <summary>The tasks a received card offers to report on (its report buttons).</summary>
    private static IReadOnlyList<int> TasksOffered(string received) =>
        [.. System.Text.RegularExpressions.Regex.Matches(received, "\"verb\":\"report.open\",\"data\":\\{\"task\":(\\d+)").Select(m => int.Parse(m.Groups[1].Value))];

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    /// <summary>What a person received, as they read it: the message text and its card.</summary>
    private IEnumerable<string> ReceivedBy(string person) =>
        _connector.Received.Where(r => r.Conversation == "a:" + person)
            .Select(r => (string?)(r.Activity["text"] ?? r.Activity["summary"]) + "\n" + Chat.Read(r.Activity["attachments"]![0]!["content"]!.AsObject()) + "\n" + r.Activity["attachments"]![0]!["content"]!.ToJsonString());

    [Fact]
    public async Task Reminders_go_once_to_the_units_that_still_owe_and_stop_when_they_have_filed()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();

        // 10 March 2019 is a Sunday: the reminder is due on Friday the 8th at 09:00.
        var friday = await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        Assert.Contains(friday.Due, d => d.Kind == RectifyBot.Tasks.Rhythm.RhythmKind.Reminder);
        var water = Assert.Single(ReceivedBy("u-water"));
        Assert.Contains("2019年3月进展报告提醒", water);
        Assert.Contains("市水务局：请在 2019-03-15 前报送以下", water);
        Assert.Contains("report.open", water); // a report button per task
        Assert.Single(ReceivedBy("u-jiangan"));
        Assert.Contains(friday.Unreachable, m => m.Recipient!.AadObjectId == "u-agri"); // named for the office, not messaged

        // The same tick again (a second host, a doubled timer): nothing more.
        var again = await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        Assert.All(again.Sends, s => Assert.Equal(SendOutcome.NotClaimed, s.Outcome));
        Assert.Equal(2, _connector.Received.Count);

        // The water bureau files for every task it owes; on the 14th only Jiang'an is reminded.
        var store = _host.Services.GetRequiredService<ITaskStore>();
        var owed = RectificationRules.ReportsOwed(await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), default), "市水务局", new YearMonth(2019, 3), [], _host.Services.GetRequiredService<RectifyBot.Tasks.Units.UnitMatcher>());
        foreach (var obligation in owed)
        {
            await store.SubmitReportAsync(new ProgressReport
            {
                Id = Guid.NewGuid().ToString("N"), TaskNumber = obligation.Task.Number, Unit = "市水务局", ReporterId = "u-water", ReporterName = "水务局联络员",
                ReportedAt = China(3, 12, 10), Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 50, Summary = "推进中", SourceId = "test:" + obligation.Task.Number,
            }, null);
        }
        await runner.TickAsync(China(3, 14, 8), China(3, 14, 9, 30), default);
        Assert.Single(ReceivedBy("u-water"));
        Assert.Equal(2, ReceivedBy("u-jiangan").Count());
    }

    [Fact]
    public async Task On_the_16th_the_leaders_get_the_units_still_missing_and_who_has_not_installed_the_bot_once()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        var tick = await runner.TickAsync(China(3, 16, 8, 59), China(3, 16, 9, 1), default);
        Assert.Contains(tick.Due, d => d.Kind == RectifyBot.Tasks.Rhythm.RhythmKind.Escalation);
        var escalation = Assert.Single(ReceivedBy("u-leader"));
        Assert.Contains("督办提醒：截至今天，2019年3月仍有", escalation);
        Assert.Contains("江岸区政府", escalation);
        Assert.Contains("市水务局", escalation);
        Assert.Contains("以下人员尚未安装整改督办助手", escalation);
        Assert.Contains("农业农村局联络员（市农业农村局）", escalation);
        Assert.Empty(ReceivedBy("u-water")); // the 16th is no reminder day: officials get nothing

        await runner.TickAsync(China(3, 16, 8, 59), China(3, 16, 9, 1), default); // a second host, or a repeated tick
        Assert.Single(ReceivedBy("u-leader"));
    }

    [Fact]
    public async Task Deadlines_count_down_30_7_and_1_days_before_and_the_day_after_an_unfinished_task_is_overdue_to_the_leaders_too()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        // Task 3 (市水务局 and six districts, Jiang'an among them) is due on 2020-12-31.
        await runner.TickAsync(China(12, 1, 8, 59, 2020), China(12, 1, 9, 1, 2020), default);
        Assert.Contains(ReceivedBy("u-water"), m => m.Contains("任务 3 距整改时限（2020-12-31）还有 30 天"));
        Assert.Contains(ReceivedBy("u-jiangan"), m => m.Contains("任务 3 距整改时限（2020-12-31）还有 30 天"));
        Assert.DoesNotContain(ReceivedBy("u-leader"), m => m.Contains("任务 3"));

        await runner.TickAsync(China(12, 2, 8, 59, 2020), China(12, 2, 9, 1, 2020), default); // 29 days: nothing for task 3
        Assert.Single(ReceivedBy("u-water"), m => m.Contains("任务 3 "));

        await runner.TickAsync(China(12, 24, 8, 59, 2020), China(12, 24, 9, 1, 2020), default);
        await runner.TickAsync(China(12, 30, 8, 59, 2020), China(12, 30, 9, 1, 2020), default);
        Assert.Contains(ReceivedBy("u-water"), m => m.Contains("还有 7 天"));
        Assert.Contains(ReceivedBy("u-water"), m => m.Contains("还有 1 天"));

        await runner.TickAsync(China(1, 1, 8, 59, 2021), China(1, 1, 9, 1, 2021), default);
        Assert.Contains(ReceivedBy("u-water"), m => m.Contains("任务 3 已超过整改时限（2020-12-31）1 天仍未完成"));
        Assert.Contains(ReceivedBy("u-leader"), m => m.Contains("任务 3 已超过整改时限（2020-12-31）1 天仍未完成"));

        var before = _connector.Received.Count;
        await runner.TickAsync(China(1, 1, 8, 59, 2021), China(1, 1, 9, 1, 2021), default);
        Assert.Equal(before, _connector.Received.Count); // once
    }

    [Fact]
    public async Task A_reminder_the_channel_asks_to_wait_for_goes_on_a_later_tick_once_and_is_not_lost()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        _connector.Answers["a:u-water"] = new([429]);
        var first = await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        Assert.Contains(first.Sends, s => s.Message.Key.EndsWith("|u-water") && s.Outcome == SendOutcome.Retry);
        Assert.Single(first.Retrying);
        Assert.Empty(ReceivedBy("u-water"));
        Assert.Single(ReceivedBy("u-jiangan"));

        // The next minute's tick has nothing due; the reminder waits for the channel's Retry-After (1 s), then goes.
        var tooSoon = await runner.TickAsync(China(3, 8, 9, 1), China(3, 8, 9, 2), default);
        Assert.Empty(tooSoon.Due);
        Assert.Empty(ReceivedBy("u-water"));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var later = await runner.TickAsync(China(3, 8, 9, 2), China(3, 8, 9, 3), default);
        Assert.Single(ReceivedBy("u-water"));
        Assert.Empty(later.Retrying);
        Assert.Single(ReceivedBy("u-jiangan")); // the others were not sent again

        var after = await runner.TickAsync(China(3, 8, 9, 3), China(3, 8, 9, 4), default);
        Assert.Empty(after.Sends); // settled: nothing is planned again
    }

    [Fact]
    public async Task Each_person_gets_the_reminder_the_escalation_and_the_countdown_in_the_language_they_last_wrote_in()
    {
        await InstallAsync("u-water", "en-US");
        await InstallAsync("u-jiangan", "zh-CN");
        await InstallAsync("u-leader", "en-GB");
        var runner = _host.Services.GetRequiredService<RhythmRunner>();

        await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        var english = Assert.Single(ReceivedBy("u-water"));
        Assert.Contains("Progress reports due · March 2019", english);
        Assert.Contains("市水务局: please report this month's progress", english);
        Assert.DoesNotContain("进展报告提醒", english);
        var chinese = Assert.Single(ReceivedBy("u-jiangan"));
        Assert.Contains("2019年3月进展报告提醒", chinese);
        Assert.DoesNotContain("Progress reports due", chinese);

        await runner.TickAsync(China(3, 16, 8, 59), China(3, 16, 9, 1), default);
        var escalation = Assert.Single(ReceivedBy("u-leader"));
        Assert.Contains("units have still not filed their March 2019 progress report (due on the 15th)", escalation);
        Assert.Contains("农业农村局联络员 (市农业农村局)", escalation);

        await runner.TickAsync(China(12, 1, 8, 59, 2020), China(12, 1, 9, 1, 2020), default);
        Assert.Contains(ReceivedBy("u-water"), m => m.Contains("Task 3 is due on 2020-12-31, in 30 days"));
        Assert.Contains(ReceivedBy("u-jiangan"), m => m.Contains("任务 3 距整改时限（2020-12-31）还有 30 天"));
    }

    [Fact]
    public async Task A_task_muted_by_an_official_is_left_out_of_their_reminder_only_and_the_16th_still_names_their_unit()
    {
        var store = (SqliteTaskStore)_host.Services.GetRequiredService<ITaskStore>();
        await store.UpsertPeopleAsync([new Person("u-water2", "water2@rectifybot.example", "水务局副联络员", "市水务局", PersonRole.Official)]);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(China(3, 5, 10));
        var owed = RectificationRules.ReportsOwed(await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), default), "市水务局", new YearMonth(2019, 3), [], _host.Services.GetRequiredService<RectifyBot.Tasks.Units.UnitMatcher>())
            .Select(o => o.Task.Number).ToList();
        Assert.Contains(3, owed);
        Assert.True(owed.Count > 1);

        var (adapter, bot, _) = BotKit.Create(store, store, time, "u-water", "zh-CN");
        Assert.Contains("2019年3月不再向你发送任务 3 的月度进展报告提醒", Chat.Text(await new Chat(adapter, bot).SayAsync("本月任务3不再提醒")));
        await InstallAsync("u-water"); // talking to the bot in the test adapter stored its own address; back to the fake connector
        await InstallAsync("u-water2");

        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        var muted = Assert.Single(ReceivedBy("u-water"));
        Assert.Equal(owed.Where(t => t != 3), TasksOffered(muted));
        Assert.Contains($"请在 2019-03-15 前报送以下 {owed.Count - 1} 项任务", muted);
        Assert.Equal(owed, TasksOffered(Assert.Single(ReceivedBy("u-water2")))); // a colleague's reminder is whole

        await runner.TickAsync(China(3, 16, 8, 59), China(3, 16, 9, 1), default);
        var escalation = Assert.Single(ReceivedBy("u-leader"));
        Assert.Contains("市水务局", escalation); // the mute stops a reminder, never the escalation

        // Next month the mute is gone by construction: the April reminder offers task 3 again.
        await runner.TickAsync(China(4, 10, 8, 59), China(4, 10, 9, 1), default);
        Assert.Contains(3, TasksOffered(ReceivedBy("u-water").Last()));
    }

    [Fact]
    public async Task An_official_who_muted_every_task_they_owe_gets_no_reminder_and_unmuting_brings_it_back()
    {
        var store = (SqliteTaskStore)_host.Services.GetRequiredService<ITaskStore>();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(China(3, 5, 10));
        var owed = RectificationRules.ReportsOwed(await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), default), "市水务局", new YearMonth(2019, 3), [], _host.Services.GetRequiredService<RectifyBot.Tasks.Units.UnitMatcher>())
            .Select(o => o.Task.Number).ToList();
        var (adapter, bot, _) = BotKit.Create(store, store, time, "u-water", "en-US");
        var chat = new Chat(adapter, bot);
        foreach (var task in owed)
        {
            Assert.Contains($"no more monthly report reminders for task {task}", Chat.Text(await chat.SayAsync($"mute task {task} this month")));
        }
        await InstallAsync("u-water");

        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        var tick = await runner.TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
        Assert.Empty(ReceivedBy("u-water"));
        Assert.DoesNotContain(tick.Sends, s => s.Message.Recipient?.AadObjectId == "u-water");
        Assert.Single(ReceivedBy("u-jiangan"));

        Assert.Contains($"reminders for task {owed[0]} are back on", Chat.Text(await chat.SayAsync($"unmute task {owed[0]}")));
        await InstallAsync("u-water");
        await runner.TickAsync(China(3, 14, 8, 59), China(3, 14, 9, 1), default);
        Assert.Equal([owed[0]], TasksOffered(Assert.Single(ReceivedBy("u-water"))));
    }
}
