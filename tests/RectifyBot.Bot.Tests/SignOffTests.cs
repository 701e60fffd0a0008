using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.SignOff;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Sign-off (销号) turn by turn over the sample plan: a unit reports task 3 completed, the leaders get the card once, a
/// leader signs off or sends back; officials, admins, forged cards and second leaders are refused, each audited.
/// </summary>
public sealed class SignOffTests : SamplePlanTests
{
    /// <summary>A few lines that mean sign-off and a few that do not, until the shared corpus has its own.</summary>
    private static readonly IntentModel Model = IntentModel.Train(
    [
        new("待销号任务", "SignOff"), new("哪些任务待销号", "SignOff"), new("任务3销号", "SignOff"), new("销号", "SignOff"), new("给任务3销号", "SignOff"),
        new("tasks awaiting sign-off", "SignOff"), new("sign off task 3", "SignOff"), new("what needs sign-off", "SignOff"), new("sign off", "SignOff"),
        new("你好", "Greeting"), new("hello", "Greeting"), new("hi", "Greeting"), new("您好", "Greeting"),
        new("天气不错", "None"), new("今天吃什么", "None"), new("nice weather", "None"), new("what's for lunch", "None"),
    ]);

    private readonly RecordingSender _sender;

    public SignOffTests() => _sender = new RecordingSender(this);

    /// <summary>A conversation with the shared model; <paramref name="signOffWords"/>: with the small model that knows the sign-off command.</summary>
    private Chat Open(string user, string locale = "zh-CN", bool signOffWords = false)
    {
        var (adapter, bot, _) = BotKit.Create(Store, Store, Time, user, locale, model: signOffWords ? Model : null, proactive: _sender);
        return new Chat(adapter, bot);
    }

    private static string All(IReadOnlyList<IActivity> replies) =>
        string.Join("\n", new[] { Chat.Text(replies) }.Concat(Chat.Cards(replies).Select(Chat.Read)));

    /// <summary>The unit reports task 3 completed through the form, with evidence and a measure done.</summary>
    private static async Task<IReadOnlyList<IActivity>> CompleteAsync(Chat official, int task = 3, string summary = "雨污分流改造全部完成，已通过验收")
    {
        var form = Assert.Single(Chat.Cards(await official.SayAsync($"报告任务{task}进展")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "Completed";
        data["percent"] = "100";
        data["summary"] = summary;
        data["measuresDone"] = "1";
        data["evidence"] = "https://example.gov.cn/acceptance.pdf";
        return await official.ExecuteAsync(CardVerbs.ReportSubmit, data);
    }

    private async Task<List<AuditEntry>> AuditAsync(string action) =>
        await Store.ReadAllAuditAsync(new AuditQuery { TaskNumber = 3, Action = action });

    private JsonObject CardSentTo(string user) =>
        Assert.Single(Chat.Cards([Assert.Single(_sender.Sent, m => m.Kind == SignOffRequests.Kind && m.To.AadObjectId == user).Activity]));

    [Fact]
    public async Task A_completion_report_sends_the_leader_the_card_once_and_signing_off_closes_the_task_with_who_and_when()
    {
        var leader = Open("u-leader");
        await leader.SayAsync("你好"); // the leader's chat is known from here on
        var water = Open("u-water");
        await CompleteAsync(water);

        var report = Assert.Single(await ReportsAsync(3));
        var sent = Assert.Single(_sender.Sent);
        Assert.Equal($"signoff|3|{report.Id}|u-leader", sent.Key);
        var card = CardSentTo("u-leader");
        var shown = Chat.Read(card);
        Assert.Contains("任务 3 · 待销号", shown);
        Assert.Contains("雨污分流改造全部完成，已通过验收", shown);
        Assert.Contains("水务局联络员", shown);
        Assert.Contains("100%", shown);
        Assert.Contains("(https://example.gov.cn/acceptance.pdf)", card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains("1. ", shown); // the measure done, by number and text

        // The daily pass plans the same card again: the send log lets nothing go twice.
        var services = new SignOffPlanner(new SignOffRequests(Store, Store, _sender, Microsoft.Extensions.Logging.Abstractions.NullLogger<SignOffRequests>.Instance));
        foreach (var message in await services.PlanAsync(new RhythmOccurrence(RhythmKind.SignOffRequests, Time.GetUtcNow()), default))
        {
            Assert.Equal(SendOutcome.NotClaimed, await _sender.SendAsync(new ProactiveMessage(message.Key, message.Kind, message.To!, message.Activity), default));
        }
        Assert.Single(_sender.Sent);

        Time.Advance(TimeSpan.FromMinutes(5));
        var decided = await leader.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(card, CardVerbs.SignOffApprove));

        Assert.Contains("任务3已销号（综合协调组组长，3月20日 10:05）", All(decided));
        var task = (await Store.GetTaskAsync(3))!;
        Assert.Equal(RectificationStatus.SignedOff, task.Status);
        var decision = Assert.Single(await Store.QuerySignOffsAsync(3));
        Assert.Equal(("u-leader", "综合协调组组长", report.Id), (decision.DeciderId, decision.DeciderName, decision.ReportId));
        var entry = Assert.Single(await AuditAsync(AuditActions.TaskSignedOff));
        Assert.False(entry.Refused);
        Assert.Contains(decision.Id, entry.Subject);
        Assert.Equal("u-leader", entry.ActorId);

        // The task card says who signed it off; it leaves the unit's owed list and the overdue list.
        Assert.Contains("已销号（综合协调组组长，3月20日 10:05）", All(await leader.SayAsync("任务3")));
        Assert.DoesNotContain("任务 3 ·", All(await water.SayAsync("本月我单位要报什么")));
        Assert.DoesNotContain(task.Number, (await Store.QueryTasksAsync(new TaskQuery { OpenOnly = true }, new PageRequest(500))).Items.Select(t => t.Number));

        // Pressed again (a double click): the same decision, nothing new.
        var again = await leader.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(card, CardVerbs.SignOffApprove));
        Assert.Contains("任务3已销号（综合协调组组长，3月20日 10:05）", All(again));
        Assert.Single(await Store.QuerySignOffsAsync(3));
        Assert.Single(await AuditAsync(AuditActions.TaskSignedOff));
    }

    [Fact]
    public async Task A_leader_sends_back_with_a_reason_the_unit_is_told_and_without_one_nothing_happens_in_english_too()
    {
        var water = Open("u-water", "en-US");
        await water.SayAsync("hello"); // the unit's chat is known, in English
        var leader = Open("u-leader", "en-US");
        await leader.SayAsync("hello");
        await CompleteAsync(water, summary: "All sub-projects done and accepted");
        var card = CardSentTo("u-leader");
        Assert.Contains("Task 3 · awaiting sign-off", Chat.Read(card));

        var data = Chat.ActionData(card, CardVerbs.SignOffReturn);
        data["reason"] = "   ";
        var empty = await leader.ExecuteAsync(CardVerbs.SignOffReturn, data);
        Assert.Contains("Sending back needs a reason", All(empty));
        Assert.Equal(RectificationStatus.Completed, (await Store.GetTaskAsync(3))!.Status);
        Assert.Empty(await Store.QuerySignOffsAsync(3));

        data["reason"] = "The acceptance report is missing";
        var back = await leader.ExecuteAsync(CardVerbs.SignOffReturn, data);

        Assert.Contains("Task 3 sent back (综合协调组组长, 20 Mar 2019 10:00): The acceptance report is missing", All(back));
        Assert.Equal(RectificationStatus.InProgress, (await Store.GetTaskAsync(3))!.Status);
        var decision = Assert.Single(await Store.QuerySignOffsAsync(3));
        var told = Assert.Single(_sender.Sent, m => m.Kind == "signoff-return");
        Assert.Equal($"signoff-return|3|{decision.Id}|u-water", told.Key);
        Assert.Contains("The acceptance report is missing", Chat.Read(Assert.Single(Chat.Cards([told.Activity]))));
        var entry = Assert.Single(await AuditAsync(AuditActions.TaskSentBack));
        Assert.Contains(decision.Id, entry.Subject);
        Assert.Contains("The acceptance report is missing", entry.Details);

        // Back in progress: it owes a report again, and the old card cannot sign it off.
        Assert.Contains("Task 3", All(await water.SayAsync("what does my unit owe this month")));
        var late = await leader.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(card, CardVerbs.SignOffApprove));
        Assert.Contains("Task 3 was already decided", All(late));
        Assert.Equal(RectificationStatus.InProgress, (await Store.GetTaskAsync(3))!.Status);
    }

    [Theory]
    [InlineData("u-water", "zh-CN", "只有领导可以对任务销号或退回")]
    [InlineData("u-admin", "zh-CN", "只有领导可以对任务销号或退回")]
    [InlineData("u-water", "en-US", "Only leaders can sign off")]
    public async Task Officials_and_admins_pressing_sign_off_are_refused_why_and_audited(string user, string locale, string why)
    {
        var leader = Open("u-leader");
        await leader.SayAsync("你好");
        await CompleteAsync(Open("u-water"));
        var card = CardSentTo("u-leader");

        var someone = Open(user, locale);
        var refused = await someone.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(card, CardVerbs.SignOffApprove));

        Assert.Contains(why, All(refused));
        Assert.Equal(RectificationStatus.Completed, (await Store.GetTaskAsync(3))!.Status);
        Assert.Empty(await Store.QuerySignOffsAsync(3));
        var entry = Assert.Single(await AuditAsync(AuditActions.TaskSignedOff));
        Assert.True(entry.Refused);
        Assert.Equal(user, entry.ActorId);
        Assert.Contains("not a leader", entry.Details);
    }

    [Fact]
    public async Task Forged_task_numbers_and_reports_are_refused_and_audited_and_a_task_not_completed_cannot_be_signed_off()
    {
        var leader = Open("u-leader");
        await leader.SayAsync("你好");
        await CompleteAsync(Open("u-water"));
        var card = CardSentTo("u-leader");

        var forged = Chat.ActionData(card, CardVerbs.SignOffApprove);
        forged["task"] = 9999;
        Assert.Contains("没有任务9999", All(await leader.ExecuteAsync(CardVerbs.SignOffApprove, forged)));

        var otherTask = Chat.ActionData(card, CardVerbs.SignOffApprove);
        otherTask["task"] = 1; // task 1 with task 3's report
        Assert.Contains("这张卡片上的报告不是任务1的完成报告", All(await leader.ExecuteAsync(CardVerbs.SignOffApprove, otherTask)));

        var refusals = await Store.ReadAllAuditAsync(new AuditQuery { Action = AuditActions.TaskSignedOff });
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.True(e.Refused));
        Assert.Equal((RectificationStatus.Completed, RectificationStatus.NotStarted), ((await Store.GetTaskAsync(3))!.Status, (await Store.GetTaskAsync(1))!.Status));

        var notDone = All(await Open("u-leader", signOffWords: true).SayAsync("任务1销号"));
        Assert.Contains("任务1尚未报告完成（当前：未启动 0%），不能销号", notDone);
    }

    [Fact]
    public async Task Of_two_leaders_the_second_is_told_who_signed_off_and_when()
    {
        await Store.UpsertPeopleAsync([new Person("u-leader2", "leader2@rectifybot.example", "李华", "市领导小组综合协调组", PersonRole.Leader)]);
        var first = Open("u-leader");
        await first.SayAsync("你好");
        var second = Open("u-leader2");
        await second.SayAsync("你好");
        await CompleteAsync(Open("u-water"));
        Assert.Equal(2, _sender.Sent.Count(m => m.Kind == SignOffRequests.Kind));

        var signed = await second.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(CardSentTo("u-leader2"), CardVerbs.SignOffApprove));
        Assert.Contains("任务3已销号（李华，3月20日 10:00）", All(signed));
        var data = Chat.ActionData(CardSentTo("u-leader"), CardVerbs.SignOffReturn);
        data["reason"] = "照片不清";
        var late = await first.ExecuteAsync(CardVerbs.SignOffReturn, data);

        Assert.Contains("任务3已处理，未再更改：任务3已销号（李华，3月20日 10:00）", All(late));
        Assert.Equal(RectificationStatus.SignedOff, (await Store.GetTaskAsync(3))!.Status);
        Assert.Single(await Store.QuerySignOffsAsync(3));
        Assert.True(Assert.Single(await AuditAsync(AuditActions.TaskSentBack)).Refused);
        Assert.False(Assert.Single(await AuditAsync(AuditActions.TaskSignedOff)).Refused);
    }

    [Fact]
    public async Task The_sign_off_command_lists_what_awaits_a_leader_and_tells_an_official_who_decides()
    {
        var leader = Open("u-leader", signOffWords: true);
        Assert.Contains("目前没有待销号的任务", All(await leader.SayAsync("待销号任务")));
        await CompleteAsync(Open("u-water"));

        var list = await leader.SayAsync("待销号任务");
        Assert.Contains("待销号的任务共 1 项", All(list));
        var card = Assert.Single(Chat.Cards(list));
        Assert.Contains("任务 3 · 待销号", Chat.Read(card));
        Assert.Contains("任务 3 · 待销号", All(await leader.SayAsync("任务3销号")));

        var official = All(await Open("u-water", signOffWords: true).SayAsync("待销号任务"));
        Assert.Contains("销号由领导审核决定", official);
        Assert.Contains("本单位待领导销号的任务：任务 3", official);

        var english = All(await Open("u-leader", "en-US", signOffWords: true).SayAsync("tasks awaiting sign-off"));
        Assert.Contains("1 task(s) awaiting sign-off", english);

        await leader.ExecuteAsync(CardVerbs.SignOffApprove, Chat.ActionData(card, CardVerbs.SignOffApprove));
        Assert.Contains("任务3已处理，未再更改：任务3已销号（综合协调组组长，3月20日 10:00）", All(await leader.SayAsync("任务3销号")));
        Assert.Equal(CommandKind.SignOff, CommandRecognizer.Read(CommandKind.SignOff, "任务3销号", "任务3销号", new DateOnly(2019, 3, 20)).Kind);
        Assert.Equal(3, CommandRecognizer.Read(CommandKind.SignOff, "任务3销号", "任务3销号", new DateOnly(2019, 3, 20)).TaskNumber);
    }

    [Fact]
    public async Task A_long_term_task_reported_ongoing_is_done_for_now_stays_owed_monthly_and_is_not_sent_for_sign_off()
    {
        await Store.ImportTasksAsync([new RectificationTask
        {
            Number = 901, Problem = "河湖长制常态化巡查", Deadline = new Deadline(null, "长期坚持", DeadlineKind.LongTerm),
            ResponsibleUnits = RectifyBot.Tasks.Units.UnitListParser.Parse("市水务局"), Measures = ["每月巡查"],
        }]);
        var leader = Open("u-leader", signOffWords: true);
        await leader.SayAsync("你好");
        var water = Open("u-water");

        var review = Assert.Single(Chat.Cards(await water.SayAsync("任务901进展：长期坚持，每月巡查两次")));
        await water.ExecuteAsync(CardVerbs.ReportConfirm, Chat.ActionData(review, CardVerbs.ReportConfirm));

        var task = (await Store.GetTaskAsync(901))!;
        Assert.Equal((RectificationStatus.Completed, 100), (task.Status, task.PercentComplete));
        Assert.Empty(_sender.Sent); // no sign-off card: a long-term task stays open
        Assert.Contains("任务 901", All(await water.SayAsync("本月我单位要报什么")));
        Assert.Contains("长期坚持：已完成，继续按月报告", All(await water.SayAsync("任务901")));
        Assert.Contains("任务901为长期坚持任务", All(await leader.SayAsync("任务901销号")));
        Assert.Contains("目前没有待销号的任务", All(await leader.SayAsync("待销号任务")));
    }

    /// <summary>Sends through the store's real send log: once per key, as the host's sender does; keeps what went.</summary>
    private sealed class RecordingSender(SignOffTests test) : IProactiveSender
    {
        public ConcurrentQueue<ProactiveMessage> Sent { get; } = new();

        public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
        {
            var now = test.Time.GetUtcNow();
            if (!await test.Store.TryClaimAsync(message.Key, message.Kind, message.To.Key, now, TimeSpan.FromMinutes(5), cancellationToken))
            {
                return SendOutcome.NotClaimed;
            }
            Sent.Enqueue(message);
            await test.Store.MarkSentAsync(message.Key, now, cancellationToken);
            return SendOutcome.Sent;
        }
    }
}
