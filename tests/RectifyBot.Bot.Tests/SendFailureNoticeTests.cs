using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// A send that keeps failing is retried with back-off, then given up and reported to the administrators in Teams, once,
/// whichever host or repeated tick sees it; the administrators' 待发队列 lists it. Over the real host's services, a
/// connector over HTTP that answers one conversation with 500s, and the host's clock moved past each back-off.
/// </summary>
public sealed class SendFailureNoticeTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-send-failed-").FullName;
    private readonly FakeTimeProvider _time = new(China(3, 8, 9, 1));
    private FakeConnector _connector = null!;

    private static DateTimeOffset China(int month, int day, int hour, int minute = 0) => new DateTimeOffset(2019, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    /// <summary>A host over the shared database, on the test's clock (two of them are two hosts of one deployment).</summary>
    private WebApplication Host() => BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Critical"],
        builder => builder.Services.AddSingleton<TimeProvider>(_time));

    private async Task InstallAsync(WebApplication host, string person, string locale = "zh-CN") =>
        await host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(_connector.Personal(person, China(3, 1, 9), locale));

    private IReadOnlyList<string> ReceivedBy(string person) => [.. _connector.Received.Where(r => r.Conversation == "a:" + person).Select(r => (string?)(r.Activity["text"] ?? r.Activity["summary"]) ?? "")];

    [Fact]
    public async Task A_reminder_given_up_after_its_retries_is_reported_once_to_each_administrator_and_listed_in_the_outbox()
    {
        await using var first = Host();
        await using var second = Host();
        await SampleData.LoadAsync(first.Services.GetRequiredService<ITaskStore>(), first.Services.GetRequiredService<PlanImporter>());
        await first.Services.GetRequiredService<ITaskStore>().UpsertPeopleAsync([new Person("u-admin2", null, "信息中心管理员", "市政务服务和大数据管理局", PersonRole.Admin)]);
        foreach (var person in new[] { "u-water", "u-jiangan", "u-admin" })
        {
            await InstallAsync(first, person);
        }
        await InstallAsync(first, "u-admin2", "en-US");
        _connector.Answers["a:u-water"] = new(Enumerable.Repeat(500, 200)); // the water bureau's chat fails every time

        // The 10 March reminder (moved to Friday the 8th), tried by the ticks of two hosts; the clock passes each back-off.
        var outcomes = new List<SendOutcome>();
        for (var attempt = 0; attempt < ProactiveSender.MaxAttempts + 2; attempt++)
        {
            foreach (var host in new[] { first, second })
            {
                var tick = await host.Services.GetRequiredService<RhythmRunner>().TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default);
                outcomes.AddRange(tick.Sends.Where(s => s.Message.Recipient?.AadObjectId == "u-water").Select(s => s.Outcome));
            }
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(ProactiveSender.MaxAttempts - 1, outcomes.Count(o => o == SendOutcome.Retry));
        Assert.Equal(1, outcomes.Count(o => o == SendOutcome.Failed));
        Assert.Empty(ReceivedBy("u-water"));
        Assert.Single(ReceivedBy("u-jiangan")); // the others' reminders went, once

        var notice = Assert.Single(ReceivedBy("u-admin"));
        Assert.Contains("主动消息发送失败", notice);
        Assert.Contains("一条reminder消息未能发给 水务局联络员（市水务局）", notice);
        Assert.Contains($"已尝试 {ProactiveSender.MaxAttempts} 次后放弃", notice);
        Assert.Contains("最后错误：500", notice);
        Assert.Contains(@"reminder\|2019-03-08\|u-water", notice); // Markdown-escaped: Teams shows reminder|2019-03-08|u-water
        Assert.Contains("导出", notice);
        var english = Assert.Single(ReceivedBy("u-admin2"));
        Assert.Contains("A message could not be sent**: a reminder message to 水务局联络员 (市水务局) was given up after 5 attempts", english);

        var log = first.Services.GetRequiredService<ISendLog>();
        Assert.NotNull((await log.FindSendAsync("reminder|2019-03-08|u-water"))!.FailedAt);
        Assert.NotNull((await log.FindSendAsync("sendfailed|reminder|2019-03-08|u-water|u-admin"))!.SentAt);

        // The administrator asks for the outbox: the given-up reminder is listed.
        var store = (SqliteTaskStore)first.Services.GetRequiredService<ITaskStore>();
        var (adapter, bot, _) = BotKit.Create(store, store, _time, "u-admin", "zh-CN");
        var outbox = Chat.Text(await new Chat(adapter, bot).SayAsync("待发队列"));
        Assert.Contains("未能发送的主动消息（共 1 条，最近的在前）", outbox);
        Assert.Contains(@"reminder\|2019-03-08\|u-water · 发往 personal:u-water · 2019-03-08 09:", outbox);
        Assert.Contains("已尝试 5 次 · 最后错误：500", outbox);
    }

    [Theory]
    [InlineData(2)] // the administrator's chat fails for a while: the notice is retried by the next ticks, and goes once
    [InlineData(200)] // it keeps failing: the notice is given up in turn, and nothing reports the notice itself
    public async Task A_notice_that_fails_is_retried_like_any_send_and_never_reported_in_turn(int adminFailures)
    {
        await using var host = Host();
        await SampleData.LoadAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<PlanImporter>());
        await InstallAsync(host, "u-water");
        await InstallAsync(host, "u-admin");
        _connector.Answers["a:u-water"] = new(Enumerable.Repeat(500, 200));
        _connector.Answers["a:u-admin"] = new(Enumerable.Repeat(500, adminFailures));

        var unfinished = new List<bool>();
        for (var attempt = 0; attempt < 3 * ProactiveSender.MaxAttempts; attempt++)
        {
            unfinished.Add((await host.Services.GetRequiredService<RhythmRunner>().TickAsync(China(3, 8, 8, 59), China(3, 8, 9, 1), default)).Retrying.Count > 0);
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        var sends = await host.Services.GetRequiredService<ISendLog>().ListSendsAsync();
        Assert.NotNull(Assert.Single(sends, s => s.Key == "reminder|2019-03-08|u-water").FailedAt);
        var notice = Assert.Single(sends, s => s.Kind == SendFailureNotice.KindName);
        Assert.Equal("sendfailed|reminder|2019-03-08|u-water|u-admin", notice.Key);
        Assert.True(unfinished[0]); // the window is ticked again while anything of it is still to go...
        Assert.False(unfinished[^1]); // ...and no longer once all is sent or given up
        if (adminFailures < ProactiveSender.MaxAttempts)
        {
            Assert.NotNull(notice.SentAt);
            Assert.Contains("主动消息发送失败", (string?)Assert.Single(_connector.Received).Activity["text"]);
        }
        else
        {
            Assert.NotNull(notice.FailedAt);
            Assert.Empty(_connector.Received);
        }
    }
}
