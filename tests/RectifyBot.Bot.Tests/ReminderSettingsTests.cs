namespace RectifyBot.Bot.Tests;

/// <summary>提醒设置: what the bot sends a person by itself, by role, with the next dates of the schedule in force.</summary>
public sealed class ReminderSettingsTests : SamplePlanTests
{
    [Fact]
    public async Task An_official_sees_the_reminders_with_their_next_working_days_and_that_they_reach_them()
    {
        // Now: 2019-03-20 10:00 China time. 14 April 2019 is a Sunday: the reminder moves to Friday the 12th.
        var text = Chat.Text(await Start("u-water").SayAsync("提醒设置"));
        Assert.Contains("月度进展报告提醒：每月 10 日、14 日 9:00", text);
        Assert.Contains("下次：2019-04-10 09:00、2019-04-12 09:00", text);
        Assert.Contains("倒计时督办", text);
        Assert.Contains("下次：2019-03-21 09:00", text);
        Assert.DoesNotContain("未报送单位督办", text);
        Assert.Contains("可以收到这些提醒", text); // talking to the bot stored where it can reach them
    }

    [Fact]
    public async Task A_leader_sees_the_escalation_and_the_digest_in_english_too()
    {
        var text = Chat.Text(await Start("u-leader", "en-US").SayAsync("my reminder settings"));
        Assert.Contains("Units not reported: the 16th at 09:00, to the leaders; next: 2019-04-16 09:00", text);
        Assert.Contains("Monthly dispatch digest: the 16th at 10:00, in the leaders' channel; next: 2019-04-16 10:00", text);
        Assert.DoesNotContain("Monthly report reminders", text);
        // Now 2019-03-20: sign-off and notice checks tomorrow; the Q1 filing on Monday 1 April, its first working day.
        Assert.Contains("every day at 09:30 any card not yet delivered; next: 2019-03-21 09:30", text);
        Assert.Contains("comes back to the leader who issued it; checked every day at 09:00, next: 2019-03-21 09:00", text);
        Assert.Contains("Quarterly filing: on the first working day after a quarter ends, at 09:30 (leaders: every unit; officials: their own unit); next: 2019-04-01 09:30", text);
    }

    [Fact]
    public async Task An_official_is_told_of_the_quarterly_filing_but_not_of_the_leaders_sign_off_and_notice_checks()
    {
        var text = Chat.Text(await Start("u-water").SayAsync("提醒设置"));
        Assert.Contains("季度报备：每季度结束后的第一个工作日 9:30", text);
        Assert.Contains("下次：2019-04-01 09:30", text);
        Assert.DoesNotContain("待销号审核", text);
        Assert.DoesNotContain("督办函退回", text);
    }

    [Fact]
    public async Task An_administrator_gets_no_reminders()
    {
        Assert.Contains("你的角色不会收到主动提醒", Chat.Text(await Start("u-admin").SayAsync("什么时候提醒我")));
    }
}
