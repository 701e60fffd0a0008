using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The notice store contract on the Graph store (each host its own client), and what only Graph does: a 409 on the number takes the next.</summary>
public sealed class GraphNoticeStoreTests : NoticeStoreContract
{
    protected override async Task<(INoticeStore Store, Func<INoticeStore> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var harness = await GraphHarness.StartAsync();
        return (Another(harness), () => Another(harness), harness);
    }

    private static GraphNoticeStore Another(GraphHarness harness) =>
        new(GraphHarness.ListsOn(harness.Graph, new GraphRequestCounter()), GraphHarness.Options(harness.Graph), harness.Time);

    [Fact]
    public async Task Issuers_creating_at_the_same_moment_meet_409_on_the_code_and_take_the_next_number()
    {
        await using var harness = await GraphHarness.StartAsync();
        var hosts = Enumerable.Range(0, 3).Select(_ => Another(harness)).ToList();
        harness.Graph.GatherCreates("RectifyNotices", 3); // all read no notice of 2019 and create number 1 at once

        var issued = await Task.WhenAll(hosts.Select((h, i) => h.IssueNoticeAsync(new NoticeDraft
        {
            SourceId = $"card-{i}", Year = 2019, TaskNumber = 3, Units = ["市水务局"], Reason = "逾期", ReplyBy = new DateOnly(2019, 3, 25),
            IssuerId = "u-leader", IssuerName = "组长", IssuedAt = harness.Time.GetUtcNow(), Recipients = [new("u-water", "水务局联络员", "市水务局")],
        })));

        Assert.Equal([1, 2, 3], issued.Select(i => i.Notice.Number).Order());
        Assert.True(harness.Graph.Requests.Count(r => r.Method == "POST" && r.Status == 409 && r.Path.Contains("/items", StringComparison.Ordinal)) >= 2);
        Assert.Equal(3, harness.Graph.ListsByName["RectifyNoticeRecipients"].Items.Count);
    }
}
