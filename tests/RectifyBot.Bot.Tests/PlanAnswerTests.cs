using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The questions about the plan, turn by turn, from the sample plan in the store: a task's status, deadlines, what is due
/// soon, one unit's picture, the overview, a greeting — asked in both languages by an official and by a leader.
/// </summary>
/// <remarks>The sample's deadlines: tasks 1 and 4 end of 2018, tasks 2 and 3 end of 2020; the clock is 2019-03-20 unless a test moves it.</remarks>
public sealed class PlanAnswerTests : SamplePlanTests
{
    private void Today(int year, int month, int day) => Time = new FakeTimeProvider(new DateTimeOffset(year, month, day, 2, 0, 0, TimeSpan.Zero));

    /// <summary>The one card among the replies, as a user reads it.</summary>
    private static string Card(IReadOnlyList<IActivity> replies) => Chat.Read(Assert.Single(Chat.Cards(replies)));

    private async Task FileAsync(Chat chat, int task, int percent)
    {
        var form = Assert.Single(Chat.Cards(await chat.SayAsync($"报告任务{task}进展")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = percent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        data["summary"] = "按计划推进";
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, data);
    }

    // ---- a task's status ----

    [Theory]
    [InlineData("任务3进度怎么样了")]
    [InlineData("查看任务3")]
    public async Task An_official_sees_a_tasks_status_first_yellow_while_this_months_report_is_missing_and_may_report(string ask)
    {
        var card = Card(await Start("u-water").SayAsync(ask));
        Assert.StartsWith("🟡 任务 3 · 未启动 0%", card);
        Assert.Contains("本月进展报告尚未报送（每月 15 日前）", card);
        Assert.Contains("整改时限：2020 年底之前（2020-12-31，还剩 652 天）", card);
        Assert.Contains("最近报告：尚无", card);
        Assert.Contains("牵头单位：无", card);
        Assert.Contains("责任单位：市水务局、市城建局", card);
        Assert.Contains("[整改措施（7 条）]", card);
        Assert.Contains("7. 青山区分年度", card); // the measures are behind the toggle in Teams, readable where cards become text
        Assert.Contains("[报告进展]", card);
        Assert.True(card.IndexOf("未启动 0%", StringComparison.Ordinal) < card.IndexOf("问题：", StringComparison.Ordinal), "status comes before the problem");
    }

    [Fact]
    public async Task Once_reported_the_task_shows_the_last_report_and_loses_its_yellow()
    {
        var water = Start("u-water");
        await FileAsync(water, 3, 60);
        var card = Card(await water.SayAsync("任务3进度怎么样了"));
        Assert.StartsWith("任务 3 · 推进中 60%", card);
        Assert.Contains("最近报告：2019-03-20 水务局联络员 · 推进中 60% · 按计划推进", card);
    }

    [Fact]
    public async Task An_overdue_task_is_red_with_its_days_overdue()
    {
        var card = Card(await Start("u-leader").SayAsync("任务1进度怎么样了"));
        Assert.StartsWith("🔴 任务 1 · 未启动 0%", card);
        Assert.Contains("已逾期 79 天，尚未完成整改", card);
        Assert.Contains("[报告进展]", card); // a leader may report on behalf of any unit
    }

    [Fact]
    public async Task In_english_and_for_an_official_of_another_unit_there_is_no_report_button()
    {
        var card = Card(await Start("u-agri", "en-US").SayAsync("how is task 3 going"));
        Assert.StartsWith("🟡 Task 3 · not started 0%", card);
        Assert.Contains("Deadline: 2020 年底之前 (2020-12-31, 652 days left)", card);
        Assert.Contains("Last report: none yet", card);
        Assert.DoesNotContain("[Report]", card);
        Assert.Contains("[Report]", Card(await Start("u-water", "en-US").SayAsync("how is task 3 going")));
    }

    [Fact]
    public async Task A_task_coming_due_is_blue()
    {
        Today(2020, 12, 10);
        var water = Start("u-water");
        await FileAsync(water, 3, 80);
        var card = Card(await water.SayAsync("任务3进度怎么样了"));
        Assert.StartsWith("🔵 任务 3 · 推进中 80%", card);
        Assert.Contains("距整改时限还有 21 天", card);
    }

    [Theory]
    [InlineData("任务12进度怎么样了", "zh-CN", "没有找到任务 12。本清单的任务编号是 1–4。")]
    [InlineData("how is task 12 going", "en-US", "There is no task 12. The task list's numbers are 1–4.")]
    [InlineData("任务12什么时候到期", "zh-CN", "没有找到任务 12。本清单的任务编号是 1–4。")]
    public async Task An_unknown_task_gets_the_valid_range(string ask, string locale, string answer)
    {
        var replies = await Start("u-water", locale).SayAsync(ask);
        Assert.Equal(answer, Chat.Text(replies));
        Assert.Empty(Chat.Cards(replies));
    }

    // ---- deadlines ----

    [Theory]
    [InlineData("u-water", "任务3什么时候到期", "zh-CN", "任务 3 的整改时限：2020 年底之前（2020-12-31，还剩 652 天）")]
    [InlineData("u-leader", "任务1什么时候到期", "zh-CN", "任务 1 的整改时限：2018 年底之前（2018-12-31，已逾期 79 天）")]
    [InlineData("u-water", "when is task 3 due", "en-US", "Task 3's deadline: 2020 年底之前 (2020-12-31, 652 days left)")]
    [InlineData("u-leader", "what is the deadline for task 1", "en-US", "Task 1's deadline: 2018 年底之前 (2018-12-31, 79 days overdue)")]
    public async Task A_tasks_deadline_is_told_with_its_countdown(string user, string ask, string locale, string answer) =>
        Assert.Equal(answer, Chat.Text(await Start(user, locale).SayAsync(ask)));

    [Fact]
    public async Task The_monthly_report_deadline_after_the_15th_names_the_next_one_and_what_the_unit_has_not_filed()
    {
        var answer = Chat.Text(await Start("u-water").SayAsync("月报什么时候截止"));
        Assert.Contains("月度进展报告每月 15 日前报送。", answer);
        Assert.Contains("2019年3月的截止日 2019-03-15 已过 5 天；下一次截止日是 2019-04-15（还有 26 天）。", answer);
        Assert.Contains("你单位（市水务局）本月应报 2 份，已报 0 份。", answer);
        Assert.Contains("尚未报送：任务 1, 3。", answer);
    }

    [Fact]
    public async Task Before_the_15th_the_monthly_deadline_counts_down_in_english_and_a_leader_is_pointed_to_the_unfiled_list()
    {
        Today(2019, 3, 10);
        var water = Chat.Text(await Start("u-water", "en-US").SayAsync("when is the monthly report due"));
        Assert.Contains("Monthly progress reports are due by the 15th of each month.", water);
        Assert.Contains("For March 2019 that is 2019-03-15, 5 days from now.", water);
        Assert.Contains("Your unit (市水务局) owes 2 reports this month and has filed 0.", water);
        var leader = Chat.Text(await Start("u-leader").SayAsync("月报什么时候截止"));
        Assert.Contains("2019年3月的截止日是 2019-03-15，还有 5 天。", leader);
        Assert.Contains("发送“谁还没报”查看本月尚未报送的单位。", leader);
        Assert.DoesNotContain("你单位", leader);
    }

    // ---- due soon ----

    [Fact]
    public async Task Nothing_due_within_30_days_is_said_in_one_friendly_line()
    {
        var card = Card(await Start("u-water").SayAsync("哪些任务快到期了"));
        Assert.Equal("市水务局没有在 30 天内到期的未完成任务。", card);
        Assert.Equal("No unfinished task of all units is due within 30 days.", Card(await Start("u-leader", "en-US").SayAsync("what is due soon")));
    }

    [Fact]
    public async Task An_official_sees_their_units_tasks_coming_due_and_a_leader_every_units()
    {
        Today(2020, 12, 10);
        var water = Card(await Start("u-water").SayAsync("哪些任务快到期了"));
        Assert.StartsWith("30 天内到期的任务 · 市水务局", water);
        Assert.Contains("🔵 任务 3 ·", water);
        Assert.Contains("（2020-12-31，还剩 21 天）", water);
        Assert.DoesNotContain("任务 2 ·", water); // the agriculture bureau's
        Assert.DoesNotContain("任务 1 ·", water); // overdue, not coming due

        var leader = Card(await Start("u-leader").SayAsync("哪些任务快到期了"));
        Assert.StartsWith("30 天内到期的任务 · 全部任务", leader);
        Assert.Contains("共 2 项", leader);
        Assert.True(leader.IndexOf("任务 2 ·", StringComparison.Ordinal) < leader.IndexOf("任务 3 ·", StringComparison.Ordinal), "same deadline: by number");
    }

    [Fact]
    public async Task A_span_of_days_named_widens_the_list_and_its_button_pages_it()
    {
        Today(2020, 11, 15);
        var leader = Start("u-leader", "en-US");
        Assert.StartsWith("No unfinished task", Card(await leader.SayAsync("what is due soon")));
        var card = Card(await leader.SayAsync("what is due in the next 60 days"));
        Assert.StartsWith("Due within 60 days · all units", card);
        Assert.Contains("(2020-12-31, 46 days left)", card);
        var paged = Card(await leader.ExecuteAsync(CardVerbs.DueSoonPage, new JsonObject { ["offset"] = 0, ["days"] = 60 }));
        Assert.Contains("🔵 Task 3 ·", paged);
    }

    // ---- a unit's picture ----

    [Theory]
    [InlineData("水务局的情况", "zh-CN", "市水务局 · 整改情况")]
    [InlineData("how is 市水务局 doing", "en-US", "市水务局 · rectification picture")]
    public async Task A_leader_sees_any_units_picture(string ask, string locale, string title)
    {
        var card = Card(await Start("u-leader", locale).SayAsync(ask));
        Assert.StartsWith(title, card);
        if (locale == "zh-CN")
        {
            Assert.Contains("截至 2019-03-20，共 2 项任务", card);
            Assert.Contains("未启动: 2", card);
            Assert.Contains("已逾期的任务（1 项）", card);
            Assert.Contains("🔴 任务 1 ·", card);
            Assert.Contains("2019年3月进展报告（2019-03-15 前）：已报 0 / 应报 2", card);
            Assert.Contains("🟡 任务 3 · 未报", card);
            Assert.Contains("[逾期清单]", card);
            Assert.Contains("[本月应报事项]", card);
        }
    }

    [Fact]
    public async Task The_unit_pictures_buttons_open_its_overdue_list_and_what_it_owes()
    {
        var leader = Start("u-leader");
        var card = Assert.Single(Chat.Cards(await leader.SayAsync("水务局的情况")));
        var overdue = Chat.ActionData(card, CardVerbs.OverduePage);
        Assert.Equal("市水务局", (string?)overdue["unit"]);
        Assert.Contains("任务 1", Card(await leader.ExecuteAsync(CardVerbs.OverduePage, overdue)));
        Assert.Contains("市水务局 · 2019年3月 应报事项", Card(await leader.ExecuteAsync(CardVerbs.DigestUnit, Chat.ActionData(card, CardVerbs.DigestUnit))));
    }

    [Theory]
    [InlineData("我们单位的情况", "zh-CN", "市水务局 · 整改情况")]
    [InlineData("how is my unit doing", "en-US", "市水务局 · rectification picture")]
    public async Task An_official_sees_their_own_units_picture(string ask, string locale, string title) =>
        Assert.StartsWith(title, Card(await Start("u-water", locale).SayAsync(ask)));

    [Fact]
    public async Task An_official_naming_no_unit_the_plan_knows_sees_their_own_and_is_told_so()
    {
        var card = Card(await Start("u-water").SayAsync("各单位情况怎么样"));
        Assert.StartsWith("这是你单位（市水务局）的情况。", card);
        Assert.Contains("市水务局 · 整改情况", card);
    }

    [Fact]
    public async Task An_official_asking_about_another_unit_is_told_whom_to_ask_by_text_and_by_button()
    {
        var water = Start("u-water");
        var replies = await water.SayAsync("农业农村局的情况");
        Assert.Empty(Chat.Cards(replies));
        Assert.Equal("你只能查看本单位（市水务局）的情况。市农业农村局的情况请向综合协调组（综合协调组组长（市领导小组综合协调组））了解。", Chat.Text(replies));
        var pressed = await water.ExecuteAsync(CardVerbs.UnitShow, new JsonObject { ["unit"] = "市农业农村局" });
        Assert.Empty(Chat.Cards(pressed));
        Assert.Contains("你只能查看本单位（市水务局）的情况", Chat.Text(pressed));
        var english = Chat.Text(await Start("u-water", "en-US").SayAsync("how is 市农业农村局 doing"));
        Assert.StartsWith("You can see your own unit's picture (市水务局) only. For 市农业农村局, please ask the coordination group", english);
    }

    [Fact]
    public async Task A_leader_who_names_no_unit_it_knows_chooses_one_from_buttons()
    {
        var leader = Start("u-leader", "en-US");
        var chooser = Assert.Single(Chat.Cards(await leader.SayAsync("how is that unit doing")));
        Assert.Contains("Which unit would you like to see?", Chat.Read(chooser));
        Assert.Contains("[市水务局]", Chat.Read(chooser));
        var water = Chat.Cards(await leader.ExecuteAsync(CardVerbs.UnitShow, new JsonObject { ["unit"] = "市水务局" }));
        Assert.StartsWith("市水务局 · rectification picture", Chat.Read(Assert.Single(water)));
        Assert.Contains("选择单位", Card(await Start("u-leader").SayAsync("各单位情况怎么样")));
    }

    // ---- the overview ----

    [Fact]
    public async Task A_leader_sees_the_overview_with_units_ranked_and_buttons_into_each_list()
    {
        var card = Card(await Start("u-leader").SayAsync("整改进度汇总"));
        Assert.StartsWith("整改进度汇总 · 2019-03-20", card);
        Assert.Contains("任务总数: 4", card);
        Assert.Contains("完成率: 0%（0 / 4 项已完成或销号）", card);
        Assert.Contains("🔴 逾期 2 项 · 🔵 30 天内到期 0 项 · 🟡 本月未报送单位", card);
        Assert.Contains("需要关注的单位（前 10 个，共", card);
        Assert.Contains("🔴 市水务局", card);
        Assert.Contains("[逾期任务]", card);
        Assert.Contains("[未报送单位]", card);
        Assert.Contains("[快到期的任务]", card);
    }

    [Fact]
    public async Task The_overview_in_english_and_its_buttons_open_the_lists()
    {
        var leader = Start("u-leader", "en-US");
        var card = Assert.Single(Chat.Cards(await leader.SayAsync("give me the overall progress")));
        Assert.StartsWith("Overall progress · 2019-03-20", Chat.Read(card));
        Assert.Contains("Done: 0% (0 of 4 completed or signed off)", Chat.Read(card));
        Assert.Contains("Task 1", Card(await leader.ExecuteAsync(CardVerbs.OverduePage, Chat.ActionData(card, CardVerbs.OverduePage))));
        Assert.Contains("市水务局", Card(await leader.ExecuteAsync(CardVerbs.UnfiledPage, Chat.ActionData(card, CardVerbs.UnfiledPage))));
        Assert.StartsWith("No unfinished task", Card(await leader.ExecuteAsync(CardVerbs.DueSoonPage, Chat.ActionData(card, CardVerbs.DueSoonPage))));
    }

    [Fact]
    public async Task An_official_asking_for_the_overview_gets_their_units_picture_and_is_told_so()
    {
        var card = Card(await Start("u-water").SayAsync("整改进度汇总"));
        Assert.StartsWith("整改进度汇总只对领导和管理员开放，以下是你单位的情况。", card);
        Assert.Contains("市水务局 · 整改情况", card);
        var pressed = Card(await Start("u-water").ExecuteAsync(CardVerbs.OverviewShow, []));
        Assert.Contains("市水务局 · 整改情况", pressed);
    }

    // ---- greeting and thanks ----

    [Fact]
    public async Task A_greeting_by_name_with_the_main_buttons_for_an_official()
    {
        var card = Card(await Start("u-water").SayAsync("你好"));
        Assert.StartsWith("你好，水务局联络员！", card);
        Assert.Contains("[本月应报]", card);
        Assert.Contains("[逾期任务]", card);
        Assert.Contains("[报告进展]", card);
        Assert.DoesNotContain("[整改汇总]", card);
    }

    [Fact]
    public async Task A_leader_is_greeted_in_english_with_the_overview_button_which_opens_it()
    {
        var leader = Start("u-leader", "en-US");
        var card = Assert.Single(Chat.Cards(await leader.SayAsync("hello")));
        Assert.StartsWith("Hello, 综合协调组组长!", Chat.Read(card));
        Assert.Contains("[Overall progress]", Chat.Read(card));
        Assert.DoesNotContain("[Owed this month]", Chat.Read(card));
        Assert.StartsWith("Overall progress ·", Card(await leader.ExecuteAsync(CardVerbs.OverviewShow, Chat.ActionData(card, CardVerbs.OverviewShow))));
        Assert.Contains("Task 1", Card(await leader.ExecuteAsync(CardVerbs.TasksPage, Chat.ActionData(card, CardVerbs.TasksPage))));
    }

    [Theory]
    [InlineData("谢谢", "zh-CN", "不客气，水务局联络员！")]
    [InlineData("thanks", "en-US", "You're welcome, 水务局联络员!")]
    public async Task Thanks_get_a_different_answer_than_a_greeting(string say, string locale, string answer)
    {
        var water = Start("u-water", locale);
        var card = Card(await water.SayAsync(say));
        Assert.StartsWith(answer, card);
        Assert.NotEqual(card, Card(await water.SayAsync(locale == "zh-CN" ? "你好" : "hello")));
        var owed = Card(await water.ExecuteAsync(CardVerbs.OwedShow, Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync(say))), CardVerbs.OwedShow)));
        Assert.Contains("市水务局", owed);
    }

    [Theory]
    [InlineData("how is the water authority doing", "市水务局")]
    [InlineData("how's the ecology and environment bureau getting on", "市生态环境局")]
    [InlineData("status of the agriculture bureau", "市农业农村局")]
    public async Task A_leader_naming_a_department_in_english_gets_that_units_picture(string ask, string unit)
    {
        var card = Card(await Start("u-leader", "en-US").SayAsync(ask));
        Assert.StartsWith($"{unit} · rectification picture", card);
    }

    [Fact]
    public async Task An_official_naming_another_department_in_english_is_told_whom_to_ask()
    {
        var english = Chat.Text(await Start("u-water", "en-US").SayAsync("how is the agriculture bureau doing"));
        Assert.StartsWith("You can see your own unit's picture (市水务局) only. For 市农业农村局", english);
    }
}
