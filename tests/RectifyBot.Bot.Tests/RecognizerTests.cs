using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Bot.Tests;

/// <summary>What the bot reads from the words people really write, in both languages.</summary>
public sealed class RecognizerTests
{
    private static readonly DateOnly Today = new(2019, 3, 20);

    [Theory]
    [InlineData("本月任务3不再提醒", CommandKind.MuteReminders, 3)]
    [InlineData("任务3本月不用提醒了", CommandKind.MuteReminders, 3)]
    [InlineData("这个月别再提醒任务三", CommandKind.MuteReminders, 3)]
    [InlineData("第3项本月不再提醒", CommandKind.MuteReminders, 3)]
    [InlineData("本月不要再发任务12的提醒了", CommandKind.MuteReminders, 12)]
    [InlineData("关闭任务4提醒", CommandKind.MuteReminders, 4)]
    [InlineData("mute task 3 this month", CommandKind.MuteReminders, 3)]
    [InlineData("Mute task three", CommandKind.MuteReminders, 3)]
    [InlineData("stop reminding me about task 3 this month", CommandKind.MuteReminders, 3)]
    [InlineData("mute reminders for task 3", CommandKind.MuteReminders, 3)]
    [InlineData("don't remind me about task 2 this month", CommandKind.MuteReminders, 2)]
    [InlineData("本月不再提醒", CommandKind.MuteReminders, null)]
    [InlineData("恢复任务3提醒", CommandKind.UnmuteReminders, 3)]
    [InlineData("任务三恢复提醒", CommandKind.UnmuteReminders, 3)]
    [InlineData("继续提醒第3项", CommandKind.UnmuteReminders, 3)]
    [InlineData("unmute task 3", CommandKind.UnmuteReminders, 3)]
    [InlineData("resume reminders for task 3", CommandKind.UnmuteReminders, 3)]
    [InlineData("提醒设置", CommandKind.ReminderSettings, null)]
    [InlineData("任务3进展：暂停施工，不再提醒施工方", CommandKind.ReportInOneSentence, 3)]
    public void Muting_a_tasks_reminders_is_read_from_the_ways_officials_say_it(string text, CommandKind kind, int? task)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((kind, task), (command.Kind, command.TaskNumber));
    }

    [Theory]
    [InlineData("report progress for task 3", CommandKind.Report, 3)]
    [InlineData("报告任务3进展", CommandKind.Report, 3)]
    [InlineData("汇报一下第十二项的进度", CommandKind.Report, 12)]
    [InlineData("update task 4", CommandKind.Report, 4)]
    [InlineData("我要报进展", CommandKind.Report, null)]
    [InlineData("report progress", CommandKind.Report, null)]
    [InlineData("任务3进展：已完成60%，福新泵站主体完工，下月完成管网接驳", CommandKind.ReportInOneSentence, 3)]
    [InlineData("task 2 progress: 80% done, pipes laid", CommandKind.ReportInOneSentence, 2)]
    [InlineData("任务3：完成六成，管网接驳中", CommandKind.ReportInOneSentence, 3)]
    [InlineData("task 4: 100% complete", CommandKind.ReportInOneSentence, 4)]
    [InlineData("任务3：什么时候到期", CommandKind.Deadline, 3)]
    [InlineData("what does my unit owe this month", CommandKind.Owed, null)]
    [InlineData("本月我单位要报什么", CommandKind.Owed, null)]
    [InlineData("我们这个月还欠哪些报告", CommandKind.Owed, null)]
    [InlineData("my tasks", CommandKind.MyTasks, null)]
    [InlineData("我的任务", CommandKind.MyTasks, null)]
    [InlineData("task 3", CommandKind.ShowTask, 3)]
    [InlineData("任务3", CommandKind.ShowTask, 3)]
    [InlineData("what is overdue", CommandKind.Overdue, null)]
    [InlineData("哪些任务逾期了", CommandKind.Overdue, null)]
    [InlineData("逾期超过30天的", CommandKind.Overdue, null)]
    [InlineData("overdue for 市水务局", CommandKind.Overdue, null)]
    [InlineData("市水务局有哪些逾期", CommandKind.Overdue, null)]
    [InlineData("who has not reported this month", CommandKind.NotReported, null)]
    [InlineData("本月哪些单位还没报", CommandKind.NotReported, null)]
    [InlineData("report on task three", CommandKind.Report, 3)]
    [InlineData("update task twenty-one", CommandKind.Report, 21)]
    [InlineData("提交第五项的进展", CommandKind.Report, 5)]
    [InlineData("task three", CommandKind.ShowTask, 3)]
    [InlineData("本月要交哪些报告", CommandKind.Owed, null)]
    [InlineData("这个月我们有什么任务要报", CommandKind.Owed, null)]
    [InlineData("what's due this month", CommandKind.DueSoon, null)]
    [InlineData("还有哪些单位没交", CommandKind.NotReported, null)]
    [InlineData("show overdue tasks", CommandKind.Overdue, null)]
    [InlineData("水务局逾期情况", CommandKind.Overdue, null)]
    [InlineData("取消", CommandKind.Cancel, null)]
    [InlineData("cancel", CommandKind.Cancel, null)]
    [InlineData("更多", CommandKind.More, null)]
    [InlineData("待发队列", CommandKind.Outbox, null)]
    [InlineData("提醒设置", CommandKind.ReminderSettings, null)]
    [InlineData("在此频道发布调度通报", CommandKind.DigestChannel, null)]
    [InlineData("把这个频道设为调度通报频道", CommandKind.DigestChannel, null)]
    [InlineData("post the monthly digest here", CommandKind.DigestChannel, null)]
    [InlineData("发布月度调度通报", CommandKind.PostDigest, null)]
    [InlineData("发布本月调度通报", CommandKind.PostDigest, null)]
    [InlineData("帮我生成一下这个月的调度通报", CommandKind.PostDigest, null)]
    [InlineData("预览调度会通报", CommandKind.PostDigest, null)]
    [InlineData("月度调度通报", CommandKind.PostDigest, null)]
    [InlineData("post monthly digest", CommandKind.PostDigest, null)]
    [InlineData("Please preview this month's digest", CommandKind.PostDigest, null)]
    [InlineData("publish the monthly dispatch digest.", CommandKind.PostDigest, null)]
    [InlineData("查看我的提醒设置", CommandKind.ReminderSettings, null)]
    [InlineData("when will you remind me?", CommandKind.ReminderSettings, null)]
    [InlineData("查看失败的报告", CommandKind.Outbox, null)]
    [InlineData("show the outbox", CommandKind.Outbox, null)]
    [InlineData("failed reports?", CommandKind.Outbox, null)]
    [InlineData("show more", CommandKind.More, null)]
    public void Reads_what_is_asked(string text, CommandKind kind, int? task)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((kind, task), (command.Kind, command.TaskNumber));
    }

    [Theory]
    [InlineData("任务3完成了百分之七十，泵站已经建好", CommandKind.ReportInOneSentence, 3)]
    [InlineData("3号任务已完成80%", CommandKind.ReportInOneSentence, 3)]
    [InlineData("task 3 is 75% done", CommandKind.ReportInOneSentence, 3)]
    [InlineData("task 3 is 75% done, pumps installed", CommandKind.ReportInOneSentence, 3)]
    [InlineData("任务3进度怎么样了", CommandKind.ShowTask, 3)]
    [InlineData("how is task 3 going", CommandKind.ShowTask, 3)]
    [InlineData("任务3什么时候到期", CommandKind.Deadline, 3)]
    [InlineData("when is task 3 due", CommandKind.Deadline, 3)]
    [InlineData("月报什么时候截止", CommandKind.Deadline, null)]
    [InlineData("哪些任务快到期了", CommandKind.DueSoon, null)]
    [InlineData("what is due in the next 30 days", CommandKind.DueSoon, null)]
    [InlineData("水务局的情况", CommandKind.UnitPicture, null)]
    [InlineData("how is the water authority doing", CommandKind.UnitPicture, null)]
    [InlineData("整改进度汇总", CommandKind.Overview, null)]
    [InlineData("give me the overall progress", CommandKind.Overview, null)]
    [InlineData("你好", CommandKind.Greeting, null)]
    [InlineData("谢谢", CommandKind.Thanks, null)]
    [InlineData("thanks a lot", CommandKind.Thanks, null)]
    public void Reads_the_questions_the_regular_expressions_missed(string text, CommandKind kind, int? task)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((kind, task), (command.Kind, command.TaskNumber));
    }

    [Theory]
    [InlineData("任务3完成了百分之七十，泵站已经建好", "完成了百分之七十，泵站已经建好")]
    [InlineData("3号任务已完成80%", "已完成80%")]
    [InlineData("task 3 is 75% done, pumps installed", "75% done, pumps installed")]
    [InlineData("we finished 50% of task 3, drains relaid", "we finished 50% of task 3, drains relaid")]
    public void A_one_sentence_report_without_a_colon_keeps_what_was_said_without_the_tasks_name(string text, string report) =>
        Assert.Equal(report, CommandRecognizer.Recognize(text, Today).ReportText);

    [Theory]
    [InlineData("报告任务3进展")]
    [InlineData("report progress for task 3")]
    [InlineData("update task 4")]
    public void Asking_to_report_opens_the_form_rather_than_storing_the_words_as_a_report(string text)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((CommandKind.Report, (string?)null), (command.Kind, command.ReportText));
    }

    [Theory]
    [InlineData("三号任务进展")]
    [InlineData("第3项整改进展")]
    [InlineData("任务三进展")]
    public void A_bare_task_and_progress_is_about_that_task_shown_or_reported_or_asked_back_never_anything_else(string text)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        var meanings = command.Kind == CommandKind.Clarify ? command.Alternatives.Take(2).ToList() : [command];
        Assert.All(meanings, m => Assert.Equal((true, 3), (m.Kind is CommandKind.ShowTask or CommandKind.Report, m.TaskNumber)));
    }

    [Fact]
    public void When_the_model_is_not_sure_it_offers_the_likeliest_meanings_with_their_slots_instead_of_acting()
    {
        // A model that has seen the same words meaning two things cannot be sure of either.
        var model = IntentModel.Train(
        [
            new("任务进展", "ShowTask"), new("任务的进展", "Report"), new("任务进展情况", "ShowTask"), new("任务进展情况", "Report"),
            new("逾期任务", "Overdue"), new("哪些逾期了", "Overdue"), new("你好", "Greeting"), new("天气不错", "None"),
        ]);
        var command = CommandRecognizer.Recognize("任务7进展情况", Today, model);
        Assert.Equal(CommandKind.Clarify, command.Kind);
        Assert.Equal([(CommandKind.ShowTask, 7), (CommandKind.Report, 7)], command.Alternatives.Take(2).Select(a => (a.Kind, a.TaskNumber)).Order().ToList());
        Assert.True(command.Confidence < CommandRecognizer.ConfidenceThreshold);
    }

    [Theory]
    [InlineData("今天食堂吃什么")]
    [InlineData("asdfgh")]
    public void Off_topic_messages_are_not_understood_rather_than_guessed(string text) =>
        Assert.Equal(CommandKind.Unknown, CommandRecognizer.Recognize(text, Today).Kind);

    [Theory]
    [InlineData("逾期任务按单位看", true)]
    [InlineData("overdue tasks by unit", true)]
    [InlineData("逾期任务", false)]
    public void Reads_by_unit_on_the_overdue_list(string text, bool byUnit)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((CommandKind.Overdue, byUnit), (command.Kind, command.ByUnit));
    }

    [Theory]
    [InlineData("30天内到期的任务", 30)]
    [InlineData("what is due in the next 60 days", 60)]
    [InlineData("这周要到期的任务", 5)] // 2019-03-20 is a Wednesday: the rest of the week, through Sunday
    public void Reads_the_span_of_days_on_the_due_soon_list(string text, int days)
    {
        var command = CommandRecognizer.Recognize(text, Today);
        Assert.Equal((CommandKind.DueSoon, (int?)days), (command.Kind, command.WithinDays));
    }

    [Theory]
    [InlineData("本月我单位要报什么", "2019-03")]
    [InlineData("上个月我们欠哪些报告", "2019-02")]
    [InlineData("what did my unit owe last month", "2019-02")]
    [InlineData("一季度哪些单位还没报", "2019-01,2019-02,2019-03")]
    [InlineData("who has not reported in Q1", "2019-01,2019-02,2019-03")]
    [InlineData("二月份我单位要报什么", "2019-02")]
    public void Reads_the_months_named(string text, string months) =>
        Assert.Equal(months, string.Join(",", CommandRecognizer.Recognize(text, Today).Months!.Select(m => m.ToString())));

    [Theory]
    [InlineData("逾期超过30天的", 30)]
    [InlineData("overdue more than 60 days", 60)]
    [InlineData("逾期两个月以上的任务", 60)]
    public void Reads_the_span_of_days_on_the_overdue_list(string text, int days) =>
        Assert.Equal(days, CommandRecognizer.Recognize(text, Today).MoreThanDays);

    [Fact]
    public void Reads_a_section_on_the_overdue_list() =>
        Assert.Equal("(一)", CommandRecognizer.Recognize("（一）部分有哪些逾期", Today).Section);

    [Theory]
    [InlineData("已完成60%，福新泵站主体完工，下月完成管网接驳", RectificationStatus.InProgress, "60")]
    [InlineData("完成百分之六十，管网接驳中", RectificationStatus.InProgress, "60")]
    [InlineData("约六成，进度滞后，征地未完成", RectificationStatus.Lagging, "60")]
    [InlineData("已全部完成整改，验收通过", RectificationStatus.Completed, "100")]
    [InlineData("60 percent done, pump station built", RectificationStatus.InProgress, "60")]
    [InlineData("百分之五十", RectificationStatus.InProgress, "50")]
    [InlineData("未完成但达到序时进度", RectificationStatus.InProgress, "")]
    [InlineData("尚未全部完成，按序时推进", RectificationStatus.InProgress, "")]
    [InlineData("整改滞后，征地未完成", RectificationStatus.Lagging, "")]
    [InlineData("已销号", RectificationStatus.Completed, "100")]
    [InlineData("not yet completed, on track", RectificationStatus.InProgress, "")]
    [InlineData("已完成整改", RectificationStatus.Completed, "100")]
    public void Reads_a_one_sentence_report(string text, RectificationStatus status, string percent)
    {
        var fields = OneSentenceReader.Read(text);
        Assert.Equal((status.ToString(), percent, text), (fields.Status, fields.Percent, fields.Summary));
    }

    [Theory]
    [InlineData("60", 60)]
    [InlineData("60%", 60)]
    [InlineData("百分之六十", 60)]
    [InlineData("六成", 60)]
    [InlineData("六十", 60)]
    [InlineData("101", null)]
    [InlineData("-5", null)]
    [InlineData("60.5", null)]
    [InlineData("很多", null)]
    public void Reads_percents(string text, int? percent) => Assert.Equal(percent, ReportValidator.PercentOf(text));
}
