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
            await _host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(new ConversationAddress
            {
                Key = ConversationAddress.PersonalKey(person), Kind = ConversationKind.Personal, ConversationId = "a:" + person, ServiceUrl = _connector.Url,
                ChannelId = "msteams", AadObjectId = person, UserId = "29:" + person, BotId = "28:rectifybot", UpdatedAt = China(3, 1, 9),
            });
        }
    }

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
            .Select(r => (string?)r.Activity["text"] + "\n" + Chat.Read(r.Activity["attachments"]![0]!["content"]!.AsObject()) + "\n" + r.Activity["attachments"]![0]!["content"]!.ToJsonString());

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
}
