using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>What a unit owes, what is overdue, who has not reported: the cards a user sees, from the sample plan in the store.</summary>
public sealed class SupervisionTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-supervision-").FullName;
    private FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private SqliteTaskStore _store = null!;

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "supervision.db"), matcher);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private Chat Start(string user, string locale = "zh-CN")
    {
        var (adapter, bot, _) = BotKit.Create(_store, _store, _time, user, locale);
        return new Chat(adapter, bot);
    }

    private static string Read(IReadOnlyList<Microsoft.Bot.Schema.IActivity> replies) => string.Join("\n---\n", Chat.Cards(replies).Select(Chat.Read));

    private async Task FileAsync(Chat chat, int task, int percent)
    {
        var form = Assert.Single(Chat.Cards(await chat.SayAsync($"报告任务{task}进展")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = percent.ToString();
        data["summary"] = "按计划推进";
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, data);
    }

    [Theory]
    [InlineData("本月我单位要报什么")]
    [InlineData("我们这个月还欠哪些报告")]
    [InlineData("这个月该报什么")]
    public async Task A_unit_sees_what_it_owes_this_month_filed_or_not(string ask)
    {
        var water = Start("u-water");
        var before = Read(await water.SayAsync(ask));
        Assert.Contains("市水务局 · 2019年3月 应报事项", before);
        Assert.Contains("已报 0 / 应报 2", before);
        Assert.Contains("未报，已超过截止日 5 天", before);
        Assert.Contains("已逾期的任务（1 项）", before); // task 1, deadline 2018-12-31
        Assert.DoesNotContain("任务 2 ·", before);

        await FileAsync(water, 3, 60);
        var after = Read(await water.SayAsync(ask));
        Assert.Contains("已报 1 / 应报 2", after);
        Assert.Contains("已报：2019-03-20 水务局联络员 · 推进中 60%", after);
    }

    [Fact]
    public async Task Each_line_of_what_is_owed_has_a_button_that_opens_the_report_form()
    {
        var water = Start("u-water");
        var card = Assert.Single(Chat.Cards(await water.SayAsync("本月我单位要报什么")));
        var open = await water.ExecuteAsync(CardVerbs.ReportOpen, Chat.ActionData(card, CardVerbs.ReportOpen));
        Assert.Contains("报告进展 · 任务 1", Read(open));
    }

    [Fact]
    public async Task A_named_month_or_quarter_is_shown_and_english_works_too()
    {
        var water = Start("u-water", "en-US");
        var last = Read(await water.SayAsync("what did my unit owe last month"));
        Assert.Contains("owed for February 2019", last);
        Assert.Contains("due 2019-02-15", last);
        var quarter = Chat.Cards(await water.SayAsync("what does my unit owe in Q1"));
        Assert.Equal(3, quarter.Count);
        var zh = Start("u-agri");
        Assert.Contains("2019年2月", Read(await zh.SayAsync("上个月我单位要报什么")));
        Assert.Contains("任务 2 ·", Read(await zh.SayAsync("本月我单位要报什么")));
    }

    [Theory]
    [InlineData("哪些任务逾期了")]
    [InlineData("what is overdue")]
    [InlineData("有没有超期的任务")]
    public async Task A_leader_sees_every_overdue_task_grouped_by_unit_and_the_units_not_filed_after_the_15th(string ask)
    {
        var leader = Start("u-leader");
        var card = Read(await leader.SayAsync(ask));
        Assert.Contains("2 项任务逾期，涉及 14 个单位", card);
        Assert.Contains("市委办公厅（1 项）", card);
        Assert.Contains("牵头 · 已逾期 79 天 · 0% · 最近报告：无", card);
        Assert.Contains("本月 15 日后仍未报送进展的单位", card);
        Assert.Contains("🟡 市水务局 · 任务 1, 3", card);
    }

    [Fact]
    public async Task Before_the_15th_the_unfiled_part_is_not_shown()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var card = Read(await Start("u-leader").SayAsync("哪些任务逾期了"));
        Assert.Contains("2 项任务逾期", card);
        Assert.DoesNotContain("仍未报送", card);
    }

    [Fact]
    public async Task The_overdue_list_filters_by_days_unit_and_section()
    {
        var leader = Start("u-leader");
        Assert.Contains("没有逾期的任务", Read(await leader.SayAsync("逾期超过100天的")));
        Assert.Contains("2 项任务逾期", Read(await leader.SayAsync("逾期超过30天的")));
        var unit = Read(await leader.SayAsync("市水务局有哪些逾期"));
        Assert.Contains("逾期任务 · 市水务局", unit);
        Assert.Contains("1 项任务逾期，涉及 1 个单位", unit);
        Assert.Contains("逾期任务 · 市水务局", Read(await leader.SayAsync("overdue for 市水务局")));
        Assert.Contains("逾期任务 · 市水务局", Read(await leader.SayAsync("水务局逾期情况")));
        // The sample's four tasks are all in section (一).
        Assert.Contains("2 项任务逾期", Read(await leader.SayAsync("（一）部分有哪些逾期")));
        var section = Read(await leader.SayAsync("第二部分有哪些逾期"));
        Assert.Contains("筛选：部分 (二)", section);
        Assert.Contains("没有逾期的任务", section);
    }

    [Fact]
    public async Task An_official_asking_what_is_overdue_gets_their_own_units()
    {
        var card = Read(await Start("u-jiangan").SayAsync("哪些任务逾期了"));
        Assert.Contains("逾期任务 · 江岸区政府", card);
        Assert.Contains("任务 1 ·", card);
        Assert.Contains("任务 4 ·", card);
        Assert.DoesNotContain("仍未报送", card);
    }

    [Fact]
    public async Task A_long_overdue_list_pages_with_show_more_as_a_button_or_as_text()
    {
        _time.SetUtcNow(new DateTimeOffset(2021, 3, 10, 2, 0, 0, TimeSpan.Zero)); // all four tasks overdue: 33 unit lines (12 + 5 + 14 + 2)
        var leader = Start("u-leader", "en-US");
        var first = Assert.Single(Chat.Cards(await leader.SayAsync("what is overdue")));
        Assert.Contains("4 tasks overdue", Chat.Read(first));
        Assert.Contains("Show more (18 left)", Chat.Read(first));

        var typed = Assert.Single(Chat.Cards(await leader.SayAsync("show more")));
        Assert.Contains("Show more (3 left)", Chat.Read(typed));

        // The button of the first card gives the same second page; "more" typed then continues from the page pressed to.
        var second = Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.OverduePage, Chat.ActionData(first, CardVerbs.OverduePage))));
        Assert.Equal(Chat.Read(typed), Chat.Read(second));
        var last = Assert.Single(Chat.Cards(await leader.SayAsync("more")));
        Assert.DoesNotContain("Show more", Chat.Read(last));
        Assert.Contains("nothing more", Chat.Text(await leader.SayAsync("more")));
    }

    [Theory]
    [InlineData("本月哪些单位还没报")]
    [InlineData("who has not reported this month")]
    public async Task A_leader_sees_who_has_not_reported(string ask)
    {
        var leader = Start("u-leader");
        var before = Read(await leader.SayAsync(ask));
        Assert.Contains("2019年3月 未报送进展的单位", before);
        Assert.Contains("已过 5 天", before);
        Assert.Contains("市水务局", before);

        var water = Start("u-water");
        await FileAsync(water, 1, 10);
        await FileAsync(water, 3, 60);
        var after = Read(await leader.SayAsync(ask));
        Assert.DoesNotContain("市水务局", after);
        Assert.Contains("市城建局", after);
    }
}
