using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// 本月任务3不再提醒: an official mutes this month's reminders about one of their unit's tasks, for themselves, and can
/// undo it; anything else is refused with nothing stored. What reaches them afterwards is in <see cref="RhythmRunnerTests"/>.
/// </summary>
public sealed class MuteReminderTests : SamplePlanTests
{
    private static readonly YearMonth March = new(2019, 3);

    private async Task<bool> IsStoredAsync(string person, int task) =>
        (await Store.ReadStateAsync([ReminderMutes.KeyOf(March, person, task)])).Count == 1;

    private async Task<int> TaskOfAnotherUnitAsync(string unit) =>
        (await Paging.ReadAllAsync((p, ct) => Store.QueryTasksAsync(TaskQuery.All, p, ct), default)).First(t => new UnitMatcher().RoleOf(t, unit) is null).Number;

    [Fact]
    public async Task An_official_mutes_a_task_of_their_unit_for_this_month_sees_it_in_the_settings_and_can_undo_it()
    {
        var chat = Start("u-water");
        var answer = Chat.Text(await chat.SayAsync("本月任务3不再提醒"));
        Assert.Contains("2019年3月不再向你发送任务 3 的月度进展报告提醒", answer);
        Assert.Contains("只对你本人有效", answer);
        Assert.Contains("16 日的督办仍会发给领导", answer);
        Assert.True(await IsStoredAsync("u-water", 3));
        Assert.False(await IsStoredAsync("u-jiangan", 3)); // the person's own, no one else's

        Assert.Contains("本月（2019年3月）你已停止提醒的任务：3。", Chat.Text(await chat.SayAsync("提醒设置")));

        Assert.Contains("2019年3月任务 3 的月度进展报告提醒已对你恢复", Chat.Text(await chat.SayAsync("任务三恢复提醒")));
        Assert.False(await IsStoredAsync("u-water", 3));
        Assert.DoesNotContain("已停止提醒的任务", Chat.Text(await chat.SayAsync("提醒设置")));
        Assert.Contains("你没有停止任务 3 的提醒", Chat.Text(await chat.SayAsync("恢复任务3提醒")));
    }

    [Fact]
    public async Task In_english_too_and_saying_it_twice_keeps_one_mute()
    {
        var chat = Start("u-water", "en-US");
        var answer = Chat.Text(await chat.SayAsync("stop reminding me about task 3 this month"));
        Assert.Contains("in March 2019 you will get no more monthly report reminders for task 3", answer);
        Assert.Contains("the escalation on the 16th still goes to the leaders", answer);
        await chat.SayAsync("mute task three");
        Assert.Contains("Muted for you in March 2019: task 3.", Chat.Text(await chat.SayAsync("my reminder settings")));
        Assert.Contains("back on for you in March 2019", Chat.Text(await chat.SayAsync("unmute task 3")));
        Assert.False(await IsStoredAsync("u-water", 3));
    }

    [Fact]
    public async Task Another_units_task_is_refused_and_nothing_is_stored()
    {
        var other = await TaskOfAnotherUnitAsync("市水务局");
        var answer = Chat.Text(await Start("u-water").SayAsync($"本月任务{other}不再提醒"));
        Assert.Contains($"任务 {other} 不是你单位（市水务局）牵头或负责的任务", answer);
        Assert.Contains("没有作任何更改", answer);
        Assert.False(await IsStoredAsync("u-water", other));
    }

    [Fact]
    public async Task An_unknown_task_or_none_named_is_said_plainly_and_nothing_is_stored()
    {
        var chat = Start("u-water");
        Assert.Contains("没有找到任务 99", Chat.Text(await chat.SayAsync("任务99本月不用提醒了")));
        Assert.False(await IsStoredAsync("u-water", 99));
        Assert.Contains("请说明是哪项任务", Chat.Text(await chat.SayAsync("本月不再提醒")));
    }

    [Theory]
    [InlineData("u-leader")]
    [InlineData("u-admin")]
    public async Task Leaders_and_administrators_are_told_they_get_no_reminders(string person)
    {
        var answer = Chat.Text(await Start(person).SayAsync("这个月别再提醒任务三"));
        Assert.Contains("你的角色（领导或管理员）不会收到月度进展报告提醒", answer);
        Assert.False(await IsStoredAsync(person, 3));
    }
}
