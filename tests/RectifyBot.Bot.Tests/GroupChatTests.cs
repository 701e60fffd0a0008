using RectifyBot.Cards;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Several people in one Teams group chat: a report in progress belongs to whoever started it, a card stores only the
/// report of whoever submits it, and every write is authorized for the person at that moment.
/// </summary>
public sealed class GroupChatTests : SamplePlanTests
{
    private Chat GroupChat() => Start().InGroupChat();

    [Fact]
    public async Task Another_member_cannot_answer_confirm_or_cancel_someone_elses_text_report()
    {
        var chat = GroupChat();
        Assert.Contains("任务 3 目前的整改状态是？", Chat.Text(await chat.SayAsync("报告任务3进展", from: "u-water")));

        // u-agri (市农业农村局, not responsible for task 3) answers every question and confirms: none of it is taken.
        foreach (var answer in new[] { "推进中", "90", "全部完工", "无", "无", "无", "无", "确认" })
        {
            var reply = Chat.Text(await chat.SayAsync(answer, from: "u-agri"));
            Assert.DoesNotContain("已保存", reply);
            Assert.DoesNotContain("完成比例", reply); // never asked u-water's next question
        }
        Assert.Contains("没有正在进行", Chat.Text(await chat.SayAsync("取消", from: "u-agri")));
        Assert.Empty(await ReportsAsync(3));
        Assert.Equal(0, (await Store.GetTaskAsync(3))!.PercentComplete);

        // u-water's own report is still where u-water left it, and is stored under u-water's name and unit.
        Assert.Contains("完成比例", Chat.Text(await chat.SayAsync("推进中", from: "u-water")));
        await chat.SayAsync("60", from: "u-water");
        await chat.SayAsync("福新泵站主体完工", from: "u-water");
        foreach (var skip in new[] { "无", "无", "无", "无" })
        {
            await chat.SayAsync(skip, from: "u-water");
        }
        Assert.Contains("已保存", Chat.Text(await chat.SayAsync("确认", from: "u-water")));
        var report = Assert.Single(await ReportsAsync(3));
        Assert.Equal(("u-water", "市水务局", 60), (report.ReporterId, report.Unit, report.PercentComplete));
    }

    [Fact]
    public async Task A_card_id_seen_in_the_chat_stores_only_the_submitters_own_report_and_never_blocks_the_owner()
    {
        var chat = GroupChat();
        var jiangansForm = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展", from: "u-jiangan")));
        var data = Chat.ActionData(jiangansForm, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "40";
        data["summary"] = "水务局的进展";

        // u-water submits with u-jiangan's card id: it is u-water's report (市水务局 is responsible for task 3), once.
        Assert.Contains("已保存", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data, from: "u-water")))));
        var water = Assert.Single(await ReportsAsync(3));
        Assert.Equal(("u-water", "市水务局", 40), (water.ReporterId, water.Unit, water.PercentComplete));

        // u-jiangan's own submission of the same card is stored too, not answered "already saved".
        data["percent"] = "50";
        data["summary"] = "江岸区的进展";
        Assert.Contains("已保存", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data, from: "u-jiangan")))));
        Assert.Equal(["u-jiangan", "u-water"], (await ReportsAsync(3)).Select(r => r.ReporterId).Order());

        // Each person's second press of that card is a repeat of their own report: nothing more is stored.
        Assert.Contains("已在", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data, from: "u-jiangan")))));
        Assert.Equal(2, (await ReportsAsync(3)).Count);
    }

    [Fact]
    public async Task A_card_submitted_by_someone_whose_unit_is_not_responsible_is_refused_and_stores_nothing()
    {
        var chat = GroupChat();
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展", from: "u-water")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "40";
        data["summary"] = "不是我们单位的任务";

        var refused = Chat.Text(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data, from: "u-agri"));
        Assert.Contains("不是任务 3 的牵头或责任单位", refused);
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task The_write_is_authorized_for_the_person_at_confirmTime_not_when_the_report_began()
    {
        var chat = GroupChat();
        await chat.SayAsync("报告任务3进展", from: "u-water");
        await chat.SayAsync("推进中", from: "u-water");
        await chat.SayAsync("60", from: "u-water");
        await chat.SayAsync("福新泵站主体完工", from: "u-water");
        foreach (var skip in new[] { "无", "无", "无", "无" })
        {
            await chat.SayAsync(skip, from: "u-water");
        }

        // Before confirming, the directory moves u-water to another unit.
        var water = (await Store.FindPersonAsync("u-water", null))!;
        await Store.UpsertPeopleAsync([water with { Unit = "市农业农村局" }]);

        var reply = Chat.Text(await chat.SayAsync("确认", from: "u-water"));
        Assert.Contains("不能报告任务 3", reply);
        Assert.DoesNotContain("已保存", reply);
        Assert.Empty(await ReportsAsync(3));
        Assert.Equal(0, (await Store.GetTaskAsync(3))!.PercentComplete);
    }
}
