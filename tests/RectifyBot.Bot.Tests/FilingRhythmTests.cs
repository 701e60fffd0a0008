using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The quarterly filing (季度报备) on its schedule, through the real host's rhythm runner and a connector over HTTP: on the
/// first working day after a quarter ends, each unit's card to its officials and the overall card to the leaders, in
/// their language, once per quarter (the rest of the week sends nothing new; a host catching up after a gap sends once).
/// </summary>
public sealed class FilingRhythmTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-filing-").FullName;
    private FakeConnector _connector = null!;
    private WebApplication _host = null!;

    private static DateTimeOffset China(int month, int day, int hour, int minute = 0, int year = 2019) => new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        // 1 to 5 April 2019 are set as holidays here: the filing moves to Monday the 8th.
        _host = BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning",
            "--Supervision:Holidays:0=2019-04-01", "--Supervision:Holidays:1=2019-04-02", "--Supervision:Holidays:2=2019-04-03", "--Supervision:Holidays:3=2019-04-04", "--Supervision:Holidays:4=2019-04-05"]);
        var store = _host.Services.GetRequiredService<ITaskStore>();
        await SampleData.LoadAsync(store, _host.Services.GetRequiredService<PlanImporter>());
        var conversations = _host.Services.GetRequiredService<IConversationStore>();
        await conversations.SaveConversationAsync(_connector.Personal("u-water", China(3, 1, 9)));
        await conversations.SaveConversationAsync(_connector.Personal("u-jiangan", China(3, 1, 9), "en-US"));
        await conversations.SaveConversationAsync(_connector.Personal("u-leader", China(3, 1, 9)));
        await conversations.SaveConversationAsync(_connector.Personal("u-admin", China(3, 1, 9)));
        // u-agri has not installed the bot. The water bureau filed task 3 for February only.
        await store.SubmitReportAsync(new ProgressReport
        {
            Id = "r-feb", TaskNumber = 3, Unit = "市水务局", ReporterId = "u-water", ReporterName = "水务局联络员", ReportedAt = China(2, 12, 10),
            Period = "2019-02", Status = RectificationStatus.InProgress, PercentComplete = 30, Summary = "推进中", SourceId = "test:feb",
        }, null);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    /// <summary>The filing cards a person received (not the reminders and countdowns of the same days), as they read them: summary and card.</summary>
    private List<string> ReceivedBy(string person) =>
        [.. _connector.Received.Where(r => r.Conversation == "a:" + person)
            .Select(r => (string?)r.Activity["summary"] + "\n" + Chat.Read(r.Activity["attachments"]![0]!["content"]!.AsObject()))
            .Where(m => m.Contains("报备 · ", StringComparison.Ordinal) || m.StartsWith("Quarterly filing", StringComparison.Ordinal))];

    [Fact]
    public async Task The_filing_goes_once_on_the_first_working_day_after_the_quarter_to_each_units_officials_and_the_leaders()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        var last = China(3, 31, 23);
        var sentOn = new List<DateOnly>();
        for (var day = 1; day <= 12; day++)
        {
            var now = China(4, day, 10);
            var tick = await runner.TickAsync(last, now, default);
            last = now;
            if (tick.Sends.Any(s => s.Outcome == Dialogs.Proactive.SendOutcome.Sent && s.Message.Kind == "filing"))
            {
                sentOn.Add(new DateOnly(2019, 4, day));
                Assert.Contains(tick.Unreachable, m => m.Kind == "filing" && m.Recipient!.Key == "u-agri"); // named for the office, not messaged
            }
        }
        Assert.Equal([new DateOnly(2019, 4, 8)], sentOn); // the 1st to the 5th are holidays, the 6th and 7th a weekend

        var water = Assert.Single(ReceivedBy("u-water"));
        Assert.StartsWith("2019年第一季度报备 · 市水务局：任务 2 项，缺报 5 项次，逾期 1 项", water);
        Assert.Contains("2019年第一季度报备 · 市水务局", water);
        Assert.Contains("季末情况（截至 2019-03-31）", water);
        Assert.Contains("缺报月报: 5 项次（1月、2月、3月）", water);
        Assert.Contains("🔴 任务 1 ", water);
        Assert.Contains("未启动 0% · 已逾期 · 1月✗ 2月✗ 3月✗", water);
        Assert.Contains("推进中 30% · 1月✗ 2月✓ 3月✗", water); // task 3: February filed
        Assert.DoesNotMatch("任务 2 (?!项)", water); // task 2 is not the water bureau's

        var jiangan = Assert.Single(ReceivedBy("u-jiangan"));
        Assert.Contains("Quarterly filing Q1 2019 · 江岸区政府", jiangan);
        Assert.Contains("Jan✗ Feb✗ Mar✗", jiangan);

        var leader = Assert.Single(ReceivedBy("u-leader"));
        Assert.Contains("2019年第一季度报备 · 总体情况", leader);
        Assert.Contains("整改任务: 4", leader);
        Assert.Contains("市水务局", leader);
        Assert.Contains("[下载季度报备表]", leader);
        Assert.Empty(ReceivedBy("u-admin")); // the overall card is the leaders'

        var sends = _host.Services.GetRequiredService<ISendLog>();
        Assert.NotNull((await sends.FindSendAsync("filing|2019Q1|市水务局|u-water"))!.SentAt);
        Assert.NotNull((await sends.FindSendAsync("filing|2019Q1|leaders|u-leader"))!.SentAt);
        var audit = await _host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(new AuditQuery { Action = AuditActions.QuarterFiled });
        var entry = Assert.Single(audit);
        Assert.Equal(("2019Q1", AuditActor.System.Id), (entry.Subject, entry.ActorId));
        Assert.Contains("4 tasks", entry.Details);
    }

    [Fact]
    public async Task A_host_down_through_the_first_week_catches_the_filing_up_once()
    {
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        await runner.TickAsync(China(3, 30, 9), China(3, 30, 10), default);
        Assert.Empty(ReceivedBy("u-water"));

        // Down from 30 March until 15 April: the restart's tick covers the whole first week, and sends the filing once.
        var restart = await runner.TickAsync(China(3, 30, 10), China(4, 15, 9), default);
        Assert.Equal([RhythmKind.QuarterFiling], restart.Due.Where(d => d.Kind == RhythmKind.QuarterFiling).Select(d => d.Kind));
        Assert.Single(ReceivedBy("u-water"));
        Assert.Single(ReceivedBy("u-leader"));

        // A second host with an older idea of its last tick finds it all sent.
        var again = await runner.TickAsync(China(3, 29, 10), China(4, 15, 9, 1), default);
        Assert.All(again.Sends.Where(s => s.Message.Kind == "filing"), s => Assert.Equal(Dialogs.Proactive.SendOutcome.NotClaimed, s.Outcome));
        Assert.Single(ReceivedBy("u-water"));
        Assert.Single(await _host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(new AuditQuery { Action = AuditActions.QuarterFiled }));
    }
}
