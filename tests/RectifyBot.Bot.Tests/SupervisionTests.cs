using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>What a unit owes, what is overdue, who has not reported: the cards a user sees, from the sample plan in the store.</summary>
public sealed class SupervisionTests : SamplePlanTests
{
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
        // Task 1 (deadline 2018-12-31) owes a report and is overdue: one line, saying both.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(before, "任务 1 ·"));
        Assert.Matches("未报，已超过截止日 5 天 · 已逾期 \\d+ 天", before);
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
    public async Task A_leader_sees_each_overdue_task_once_with_its_units_and_the_units_not_filed_after_the_15th(string ask)
    {
        var leader = Start("u-leader");
        var card = Assert.Single(Chat.Cards(await leader.SayAsync(ask)));
        var text = Chat.Read(card);
        Assert.Contains("2 项任务逾期，涉及 14 个单位", text);
        Assert.Equal(2, CardRulesTests.ItemLines(card)); // two tasks, not one line per unit (14)
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "🔴 任务 1 ·"));
        Assert.Contains("市委办公厅、市政府办公厅、市发改委等 12 个单位 · 已逾期 79 天 · 0% · 最近报告：无", text);
        Assert.Contains("各相关区党委、各相关区政府 · 已逾期 79 天", text);
        Assert.Contains("[按单位查看]", text);
        Assert.Contains("本月 15 日后仍未报送进展的单位", text);
        Assert.Contains("🟡 市水务局 · 任务 1, 3", text);
        Assert.Contains("🟡 各区党委（工委） · 任务 1", text); // the plan's full-width parentheses
    }

    [Fact]
    public async Task The_overdue_list_sorts_by_days_overdue_then_number_and_shows_the_last_report()
    {
        Time.SetUtcNow(new DateTimeOffset(2021, 3, 10, 2, 0, 0, TimeSpan.Zero)); // tasks 1 and 4 due end of 2018, 2 and 3 end of 2020
        var water = Start("u-water");
        await FileAsync(water, 3, 60);
        var text = Read(await Start("u-leader").SayAsync("哪些任务逾期了"));
        var order = new[] { "任务 1 ·", "任务 4 ·", "任务 2 ·", "任务 3 ·" }.Select(t => text.IndexOf("🔴 " + t, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("最近报告：2021-03-10 水务局联络员 · 推进中 60%", text);
    }

    [Fact]
    public async Task The_by_unit_button_ranks_units_and_the_by_task_button_goes_back()
    {
        Time.SetUtcNow(new DateTimeOffset(2021, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var leader = Start("u-leader");
        var tasks = Assert.Single(Chat.Cards(await leader.SayAsync("哪些任务逾期了")));
        var units = Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.OverduePage, Chat.ActionData(tasks, CardVerbs.OverduePage, "按单位查看"))));
        var text = Chat.Read(units);
        Assert.Contains("按单位排列", text);
        Assert.Contains("4 项任务逾期，涉及 31 个单位", text);
        Assert.Contains("🔴 市农业农村局 · 2 项任务\n任务 1, 2 · 最长逾期 800 天", text);
        Assert.Contains("🔴 市水务局 · 2 项任务\n任务 1, 3 · 最长逾期 800 天", text);
        Assert.Contains("🔴 各新城区党委 · 1 项任务\n任务 2 · 最长逾期 69 天", text);
        Assert.True(text.IndexOf("市水务局", StringComparison.Ordinal) < text.IndexOf("市委办公厅", StringComparison.Ordinal), text); // 2 tasks before 1
        Assert.True(text.IndexOf("市委办公厅", StringComparison.Ordinal) < text.IndexOf("各新城区党委", StringComparison.Ordinal), text); // then the longest overdue
        Assert.DoesNotContain("最近报告", text);
        Assert.Equal(Chat.Read(units), Read(await leader.SayAsync("逾期任务按单位")));

        var back = Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.OverduePage, Chat.ActionData(units, CardVerbs.OverduePage, "按任务查看"))));
        Assert.Equal(Chat.Read(tasks), Chat.Read(back));
    }

    [Fact]
    public async Task Before_the_15th_the_unfiled_part_is_not_shown()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
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
    public async Task An_official_asking_what_is_overdue_gets_their_own_units_tasks_one_line_each()
    {
        var card = Assert.Single(Chat.Cards(await Start("u-jiangan").SayAsync("哪些任务逾期了")));
        var text = Chat.Read(card);
        Assert.Contains("逾期任务 · 江岸区政府", text);
        Assert.Contains("任务 1 ·", text);
        Assert.Contains("任务 4 ·", text);
        Assert.Equal(2, CardRulesTests.ItemLines(card));
        Assert.DoesNotContain("仍未报送", text);
        Assert.DoesNotContain("按单位查看", text); // one unit: nothing to rank

        // An official cannot widen the list with a posted unit or view: still their own unit's tasks.
        var pressed = Chat.Read(Assert.Single(Chat.Cards(await Start("u-water").ExecuteAsync(CardVerbs.OverduePage, new JsonObject { ["offset"] = 0, ["unit"] = "江岸区政府", ["view"] = "units" }))));
        Assert.Contains("逾期任务 · 市水务局", pressed);
        Assert.Contains("🔴 市水务局 · 1 项任务", pressed);
        Assert.DoesNotContain("江岸区", pressed);
    }

    [Fact]
    public async Task A_long_overdue_list_pages_by_tasks_with_show_more_as_a_button_or_as_text()
    {
        // The sample's four tasks and twenty more of the water authority's: 24 overdue tasks, 15 a page.
        Time.SetUtcNow(new DateTimeOffset(2021, 3, 10, 2, 0, 0, TimeSpan.Zero));
        await Store.ImportTasksAsync([.. Enumerable.Range(101, 20).Select(n => new RectifyBot.Tasks.Model.RectificationTask
        {
            Number = n,
            Problem = "问题" + n,
            Section = "(一)",
            Deadline = new RectifyBot.Tasks.Model.Deadline(new DateOnly(2020, 6, 30), "2020 年 6 月底之前", RectifyBot.Tasks.Model.DeadlineKind.Dated),
            LeadUnits = new RectifyBot.Tasks.Model.UnitList("市水务局", ["市水务局"]),
            ResponsibleUnits = new RectifyBot.Tasks.Model.UnitList("江岸区政府", ["江岸区政府"]),
        })]);
        var leader = Start("u-leader", "en-US");
        var first = Assert.Single(Chat.Cards(await leader.SayAsync("what is overdue")));
        Assert.Contains("24 tasks overdue", Chat.Read(first));
        Assert.Equal(OverduePageSize, CardRulesTests.ItemLines(first));
        Assert.Contains("Show more (9 left)", Chat.Read(first));

        var typed = Assert.Single(Chat.Cards(await leader.SayAsync("show more")));
        Assert.Equal(9, CardRulesTests.ItemLines(typed));
        Assert.DoesNotContain("Show more", Chat.Read(typed));
        Assert.DoesNotContain("not filed", Chat.Read(typed)); // the unfiled part only on the first page

        // The button of the first card gives the same second page; "more" typed then has nothing more.
        var second = Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.OverduePage, Chat.ActionData(first, CardVerbs.OverduePage, "Show more (9 left)"))));
        Assert.Equal(Chat.Read(typed), Chat.Read(second));
        Assert.Contains("nothing more", Chat.Text(await leader.SayAsync("more")));
    }

    [Fact]
    public async Task The_unit_ranking_pages_too()
    {
        Time.SetUtcNow(new DateTimeOffset(2021, 3, 10, 2, 0, 0, TimeSpan.Zero)); // all four tasks overdue: more units than a page
        var leader = Start("u-leader", "en-US");
        var first = Assert.Single(Chat.Cards(await leader.SayAsync("what is overdue by unit")));
        Assert.Equal(OverduePageSize, CardRulesTests.ItemLines(first));
        var more = Chat.Read(first);
        var left = int.Parse(System.Text.RegularExpressions.Regex.Match(more, @"Show more \((\d+) left\)").Groups[1].Value);
        var typed = Assert.Single(Chat.Cards(await leader.SayAsync("show more")));
        Assert.Equal(Math.Min(left, OverduePageSize), CardRulesTests.ItemLines(typed));
        Assert.Contains("[View by task]", Chat.Read(typed));
    }

    private const int OverduePageSize = RectifyBot.Cards.Lists.OverdueCard.PageSize;

    [Theory]
    [InlineData("本月哪些单位还没报")]
    [InlineData("who has not reported this month")]
    public async Task A_leader_sees_who_has_not_reported(string ask)
    {
        var leader = Start("u-leader");
        var before = Assert.Single(Chat.Cards(await leader.SayAsync(ask)));
        var text = Chat.Read(before);
        Assert.Contains("2019年3月 未报送进展的单位", text);
        Assert.Contains("已过 5 天", text);
        Assert.Contains("29 个单位还没有报送", text);
        Assert.Contains("有逾期任务的单位（13）", text);
        Assert.Contains("🟡 市水务局 · 2 项任务", text);
        Assert.Contains("任务 1, 3 · 🔴 其中 1 项逾期", text);
        Assert.Equal(10, CardRulesTests.ItemLines(before));

        // Changed: 市城建局 owes no overdue task and is now on the second page; the count says who is left.
        var water = Start("u-water");
        await FileAsync(water, 1, 10);
        await FileAsync(water, 3, 60);
        var after = Read(await leader.SayAsync(ask));
        Assert.Contains("28 个单位还没有报送", after);
        Assert.DoesNotContain("市水务局", after);
        Assert.Contains("其他未报单位", Read(await leader.SayAsync("显示更多")));
    }

    [Fact]
    public async Task Before_the_due_day_the_not_reported_list_is_a_blue_note_of_the_days_left()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var card = Assert.Single(Chat.Cards(await Start("u-leader", "en-US").SayAsync("who has not reported this month")));
        Assert.Contains("Before the due day: due 2019-03-15, 5 days left.", Chat.Read(card));
        Assert.DoesNotContain("🟡", Chat.Read(card));
        Assert.Equal("accent", (string?)card["body"]![1]!["style"]);
    }

    [Fact]
    public async Task A_unit_button_on_the_not_reported_list_shows_that_units_month_to_a_leader_and_only_their_own_to_an_official()
    {
        var leader = Start("u-leader");
        var card = Assert.Single(Chat.Cards(await leader.SayAsync("本月哪些单位还没报")));
        var data = Chat.ActionData(card, CardVerbs.DigestUnit);
        Assert.Equal("江岸区政府", (string?)data["unit"]); // the first line: three tasks owed, two overdue
        var shown = Read(await leader.ExecuteAsync(CardVerbs.DigestUnit, data));
        Assert.Contains("江岸区政府 · 2019年3月 应报事项", shown);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(shown, "已逾期 \\d+ 天")); // its two overdue tasks, each once

        // The same button pressed by an official of another unit shows their own unit, never 江岸区's.
        var water = Read(await Start("u-water").ExecuteAsync(CardVerbs.DigestUnit, data));
        Assert.Contains("市水务局 · 2019年3月 应报事项", water);
        Assert.DoesNotContain("江岸区", water);
    }

    [Theory]
    [InlineData("en-US", "what do we owe this month", "Units that have not reported")]
    [InlineData("zh-CN", "本月要报什么", "未报送进展的单位")]
    public async Task A_leader_whose_office_has_no_tasks_asking_what_is_owed_gets_the_units_that_still_owe(string locale, string ask, string title)
    {
        var shown = Read(await Start("u-leader", locale).SayAsync(ask));
        Assert.Contains(title, shown);
        Assert.Contains("市水务局", shown);
    }
}
