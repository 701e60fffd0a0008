using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every notice store must do, run against each implementation: numbered per year once, issued once per source, acted on by its recipients only.</summary>
public abstract class NoticeStoreContract
{
    private static readonly DateTimeOffset Now = new(2019, 3, 20, 2, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, a factory for another instance on the same store (another host), and its cleanup.</summary>
    protected abstract Task<(INoticeStore Store, Func<INoticeStore> Another, IAsyncDisposable Cleanup)> OpenAsync();

    private static NoticeDraft Draft(string source, int year = 2019, int task = 3) => new()
    {
        SourceId = source,
        Year = year,
        TaskNumber = task,
        Units = ["市水务局", "江岸区政府"],
        Reason = "逾期 10 天",
        Note = "书面说明",
        ReplyBy = new DateOnly(year, 3, 25),
        IssuerId = "u-leader",
        IssuerName = "综合协调组组长",
        IssuedAt = Now,
        Recipients = [new("u-water", "水务局联络员", "市水务局"), new("u-jiangan", "江岸区联络员", "江岸区政府")],
    };

    [Fact]
    public async Task Numbers_run_from_one_each_year_and_the_notice_comes_back_whole()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var first = await store.IssueNoticeAsync(Draft("card-1"));
        var second = await store.IssueNoticeAsync(Draft("card-2", task: 4));
        var nextYear = await store.IssueNoticeAsync(Draft("card-3", year: 2020));

        Assert.Equal([(2019, 1), (2019, 2), (2020, 1)], new[] { first, second, nextYear }.Select(i => (i.Notice.Year, i.Notice.Number)));
        Assert.All([first, second, nextYear], i => Assert.True(i.Created));
        Assert.Equal("督办〔2019〕2号", second.Notice.Code);
        Assert.Equal("Supervision Notice [2020] No. 1", nextYear.Notice.EnglishCode);

        var read = (await another().GetNoticeAsync(first.Notice.Id))!;
        Assert.Equal((3, "逾期 10 天", "书面说明", new DateOnly(2019, 3, 25), "u-leader", "综合协调组组长", Now, NoticeState.Open),
            (read.TaskNumber, read.Reason, read.Note, read.ReplyBy, read.IssuerId, read.IssuerName, read.IssuedAt, read.State));
        Assert.Equal(["市水务局", "江岸区政府"], read.Units);
        Assert.Equal(["u-water", "u-jiangan"], read.Recipients.Select(r => r.PersonKey));
        Assert.All(read.Recipients, r => Assert.Null(r.AcknowledgedAt));
        Assert.Equal([1, 2, 1], (await another().ListNoticesAsync()).Select(n => n.Number));
        Assert.Equal([2], (await another().ListNoticesAsync(4)).Select(n => n.Number));
    }

    [Fact]
    public async Task The_same_preview_issued_twice_records_one_notice()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var first = await store.IssueNoticeAsync(Draft("card-1"));
        var again = await another().IssueNoticeAsync(Draft("card-1"));

        Assert.False(again.Created);
        Assert.Equal(first.Notice.Id, again.Notice.Id);
        Assert.Single(await store.ListNoticesAsync());
        Assert.Equal(2, (await store.GetNoticeAsync(first.Notice.Id))!.Recipients.Count);
    }

    [Fact]
    public async Task Issuers_at_once_get_distinct_numbers_one_after_another()
    {
        var (_, another, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        var hosts = Enumerable.Range(0, 6).Select(_ => another()).ToList();

        var issued = await Task.WhenAll(hosts.Select((h, i) => Task.Run(() => h.IssueNoticeAsync(Draft($"card-{i}")))));

        Assert.Equal([1, 2, 3, 4, 5, 6], issued.Select(i => i.Notice.Number).Order());
        Assert.Equal(6, (await another().ListNoticesAsync()).Select(n => n.Code).Distinct().Count());
    }

    [Fact]
    public async Task Only_a_recipient_acknowledges_and_answers_and_doing_it_again_changes_nothing()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var id = (await store.IssueNoticeAsync(Draft("card-1"))).Notice.Id;

        Assert.Equal(NoticeWriteOutcome.NotRecipient, (await store.AcknowledgeNoticeAsync(id, "u-agri", Now)).Outcome);
        Assert.Equal(NoticeWriteOutcome.NotFound, (await store.AcknowledgeNoticeAsync("no-such-notice", "u-water", Now)).Outcome);
        Assert.Equal(NoticeWriteOutcome.NotRecipient, (await store.AnswerNoticeAsync(id, "u-leader", "已整改", [], Now)).Outcome);

        var acked = await store.AcknowledgeNoticeAsync(id, "u-water", Now.AddHours(1));
        Assert.Equal(NoticeWriteOutcome.Done, acked.Outcome);
        var twice = await another().AcknowledgeNoticeAsync(id, "u-water", Now.AddHours(2));
        Assert.Equal(NoticeWriteOutcome.Already, twice.Outcome);
        Assert.Equal(Now.AddHours(1), twice.Notice!.RecipientOf("u-water")!.AcknowledgedAt);

        // Answering without acknowledging first acknowledges too.
        var answered = await store.AnswerNoticeAsync(id, "u-jiangan", "已完成排口封堵", ["https://example.gov.cn/photo/1"], Now.AddHours(3));
        Assert.Equal(NoticeWriteOutcome.Done, answered.Outcome);
        var jiangan = (await another().GetNoticeAsync(id))!.RecipientOf("u-jiangan")!;
        Assert.Equal((Now.AddHours(3), Now.AddHours(3), "已完成排口封堵"), (jiangan.AcknowledgedAt!.Value, jiangan.AnsweredAt!.Value, jiangan.Answer));
        Assert.Equal(["https://example.gov.cn/photo/1"], jiangan.Evidence);
        Assert.Equal(NoticeWriteOutcome.Already, (await store.AnswerNoticeAsync(id, "u-jiangan", "另一个说明", [], Now.AddHours(4))).Outcome);
        Assert.Equal("已完成排口封堵", (await store.GetNoticeAsync(id))!.RecipientOf("u-jiangan")!.Answer);

        var notice = (await store.GetNoticeAsync(id))!;
        Assert.Equal((2, 1), (notice.Acknowledged, notice.Answered));
        Assert.Null(notice.RecipientOf("u-water")!.AnsweredAt);
    }

    [Fact]
    public async Task Two_recipients_acknowledging_at_once_are_both_recorded()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var id = (await store.IssueNoticeAsync(Draft("card-1"))).Notice.Id;

        var both = await Task.WhenAll(Task.Run(() => another().AcknowledgeNoticeAsync(id, "u-water", Now)), Task.Run(() => another().AcknowledgeNoticeAsync(id, "u-jiangan", Now)));

        Assert.All(both, w => Assert.Equal(NoticeWriteOutcome.Done, w.Outcome));
        Assert.Equal(2, (await store.GetNoticeAsync(id))!.Acknowledged);
    }

    [Fact]
    public async Task A_closed_notice_stays_closed_once_and_takes_no_more_acts()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var id = (await store.IssueNoticeAsync(Draft("card-1"))).Notice.Id;

        var closed = await store.CloseNoticeAsync(id, "u-leader", "综合协调组组长", Now.AddDays(1));
        Assert.Equal(NoticeWriteOutcome.Done, closed.Outcome);
        Assert.Equal((NoticeState.Closed, "u-leader", Now.AddDays(1)), (closed.Notice!.State, closed.Notice.ClosedById, closed.Notice.ClosedAt!.Value));
        var again = await another().CloseNoticeAsync(id, "u-admin", "管理员", Now.AddDays(2));
        Assert.Equal(NoticeWriteOutcome.Already, again.Outcome);
        Assert.Equal("u-leader", (await store.GetNoticeAsync(id))!.ClosedById);
        Assert.Equal(NoticeWriteOutcome.Closed, (await store.AcknowledgeNoticeAsync(id, "u-water", Now.AddDays(3))).Outcome);
        Assert.Equal(NoticeWriteOutcome.NotFound, (await store.CloseNoticeAsync("no-such-notice", "u-leader", "组长", Now)).Outcome);
    }

    [Fact]
    public async Task A_notice_is_marked_returned_once()
    {
        var (store, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var id = (await store.IssueNoticeAsync(Draft("card-1"))).Notice.Id;

        Assert.True(await store.MarkNoticeReturnedAsync(id, Now.AddDays(6)));
        Assert.False(await another().MarkNoticeReturnedAsync(id, Now.AddDays(7)));
        Assert.Equal(Now.AddDays(6), (await another().GetNoticeAsync(id))!.ReturnedAt);
    }
}

public sealed class SqliteNoticeStoreTests : NoticeStoreContract
{
    protected override Task<(INoticeStore Store, Func<INoticeStore> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var temp = new TempStore();
        return Task.FromResult<(INoticeStore, Func<INoticeStore>, IAsyncDisposable)>((temp.Store, () => temp.Reopen(), new Disposer(temp)));
    }

    private sealed class Disposer(TempStore temp) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            temp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
