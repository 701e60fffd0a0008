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
/// Notices come back to the leader who issued them after their reply deadline, once, naming who has not acknowledged
/// them: through the real host's rhythm runner and a connector over HTTP, at given instants.
/// </summary>
public sealed class NoticeReturnTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-notice-return-").FullName;
    private FakeConnector _connector = null!;
    private WebApplication _host = null!;

    private static DateTimeOffset China(int month, int day, int hour, int minute = 0) => new DateTimeOffset(2019, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning"]);
        await SampleData.LoadAsync(_host.Services.GetRequiredService<ITaskStore>(), _host.Services.GetRequiredService<PlanImporter>());
        await _host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(_connector.Personal("u-leader", China(3, 1, 9)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    private IEnumerable<string> ReceivedByLeader() =>
        _connector.Received.Where(r => r.Conversation == "a:u-leader").Select(r => (string?)r.Activity["summary"] + "\n" + Chat.Read(r.Activity["attachments"]![0]!["content"]!.AsObject()));

    private static NoticeDraft Draft(string source, int task, DateOnly replyBy) => new()
    {
        SourceId = source, Year = 2019, TaskNumber = task, Units = ["市水务局", "江岸区政府"], Reason = "本月进展未报送", ReplyBy = replyBy,
        IssuerId = "u-leader", IssuerName = "综合协调组组长", IssuedAt = China(3, 20, 10),
        Recipients = [new("u-water", "水务局联络员", "市水务局"), new("u-jiangan", "江岸区联络员", "江岸区政府")],
    };

    [Fact]
    public async Task An_unacknowledged_notice_goes_back_to_its_issuer_once_the_day_after_its_reply_deadline()
    {
        var notices = _host.Services.GetRequiredService<INoticeStore>();
        var pending = (await notices.IssueNoticeAsync(Draft("card-a", 3, new DateOnly(2019, 3, 25)))).Notice;
        var acknowledged = (await notices.IssueNoticeAsync(Draft("card-b", 4, new DateOnly(2019, 3, 25)))).Notice;
        var closed = (await notices.IssueNoticeAsync(Draft("card-c", 1, new DateOnly(2019, 3, 25)))).Notice;
        await notices.AcknowledgeNoticeAsync(pending.Id, "u-water", China(3, 21, 9));
        await notices.AcknowledgeNoticeAsync(acknowledged.Id, "u-water", China(3, 21, 9));
        await notices.AnswerNoticeAsync(acknowledged.Id, "u-jiangan", "已说明", [], China(3, 22, 9));
        await notices.CloseNoticeAsync(closed.Id, "u-leader", "综合协调组组长", China(3, 23, 9));
        var runner = _host.Services.GetRequiredService<RhythmRunner>();

        // The reply-by day itself: not yet.
        var onTheDay = await runner.TickAsync(China(3, 25, 8, 59), China(3, 25, 9, 1), default);
        Assert.Contains(onTheDay.Due, d => d.Kind == RhythmKind.NoticeReturns);
        Assert.Empty(ReceivedByLeader());

        var after = await runner.TickAsync(China(3, 26, 8, 59), China(3, 26, 9, 1), default);
        var returned = Assert.Single(ReceivedByLeader());
        Assert.Contains("督办函退回：督办〔2019〕1号", returned);
        Assert.Contains("任务 3 的督办函回复期限（2019-03-25）已过，2 人中仍有 1 人未签收", returned);
        Assert.Contains("江岸区联络员（江岸区政府）：未签收", returned);
        Assert.DoesNotContain("水务局联络员", returned);
        Assert.Equal(["notice-return|2019-1"], after.Sends.Select(s => s.Message.Key));
        Assert.NotNull((await notices.GetNoticeAsync(pending.Id))!.ReturnedAt);
        Assert.Null((await notices.GetNoticeAsync(acknowledged.Id))!.ReturnedAt);

        // The next days and a second host's tick: nothing more.
        await runner.TickAsync(China(3, 26, 8, 59), China(3, 26, 9, 1), default);
        await runner.TickAsync(China(3, 27, 8, 59), China(3, 27, 9, 1), default);
        Assert.Single(ReceivedByLeader());
        var audit = await _host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(new AuditQuery { Action = AuditActions.NoticeReturned });
        var entry = Assert.Single(audit);
        Assert.Equal(("system", 3, false), (entry.ActorId, entry.TaskNumber, entry.Refused));
        Assert.Contains("1 of 2 recipients had not acknowledged by 2019-03-25", entry.Details);
    }
}
