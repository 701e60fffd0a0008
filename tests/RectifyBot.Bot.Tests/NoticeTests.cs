using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Cards;
using RectifyBot.Cards.Notices;
using RectifyBot.Dialogs;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Supervision notices (督办函) turn by turn over the sample plan on 2019-03-20: a leader's preview and issue (once per
/// preview, sent to each person of the units once, the channel's bulletin), a recipient's 签收 and 整改说明, the lists,
/// detail and 关闭, and every refusal with what the audit trail holds after each act. Text commands are read with the
/// recognizer's slot reader for the notice intents and run through the command table.
/// </summary>
public sealed class NoticeTests : SamplePlanTests
{
    private const string Server = "https://smba.example/";
    private readonly SentMessages _sent = new();

    private sealed class SentMessages : IProactiveSender
    {
        private ISendLog? _log;
        private TimeProvider? _time;
        public List<ProactiveMessage> Sent { get; } = [];

        public void Use(ISendLog log, TimeProvider time) => (_log, _time) = (log, time);

        /// <summary>As the host's sender: claimed once in the send log, then "delivered".</summary>
        public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
        {
            if (!await _log!.TryClaimAsync(message.Key, message.Kind, message.To.Key, _time!.GetUtcNow(), TimeSpan.FromMinutes(5), cancellationToken))
            {
                return SendOutcome.NotClaimed;
            }
            lock (Sent)
            {
                Sent.Add(message);
            }
            await _log.MarkSentAsync(message.Key, _time.GetUtcNow(), cancellationToken);
            return SendOutcome.Sent;
        }

        public JsonObject CardOf(string key) => Chat.Cards([Sent.Single(m => m.Key == key).Activity]).Single();
    }

    private sealed record Session(Chat Chat, IServiceProvider Services, Microsoft.Bot.Builder.Adapters.TestAdapter Adapter);

    private async Task<Session> OpenAsync(string user, string locale = "zh-CN")
    {
        _sent.Use(Store, Time);
        IServiceProvider? services = null;
        var (adapter, bot, _) = BotKit.Create(Store, Store, Time, user, locale, proactive: _sent, built: s => services = s);
        // Who has the bot: the water bureau's official (in English) and the leader; Jiang'an's official has not installed it.
        await Store.SaveConversationAsync(FakeConnector.Personal(Server, "u-water", Time.GetUtcNow(), "en-US"));
        await Store.SaveConversationAsync(FakeConnector.Personal(Server, "u-leader", Time.GetUtcNow(), "zh-CN"));
        return new Session(new Chat(adapter, bot), services!, adapter);
    }

    /// <summary>A message read as the notice intent (its slots by the recognizer) and answered by the command table, as the router does.</summary>
    private static async Task<BotReply> SayAsync(Session session, string user, CommandKind kind, string text)
    {
        var person = (await session.Services.GetRequiredService<ITaskStore>().FindPersonAsync(user, null))!;
        var activity = session.Adapter.MakeActivity(text);
        var turn = new FlowTurn(new TurnContext(session.Adapter, activity), person, Localizer.FromLocale(session.Adapter.Locale), new DateOnly(2019, 3, 20));
        var command = CommandRecognizer.Read(kind, text, text, turn.Today);
        return await session.Services.GetRequiredService<CommandTable>().RunAsync(turn, command, new ConversationData(), default);
    }

    private static string Said(BotReply reply) =>
        string.Join("\n", reply.Messages.OfType<IMessageActivity>().Select(m => m.Text ?? m.Summary)) + "\n" + string.Join("\n", reply.Messages.SelectMany(m => Chat.Cards([m])).Select(Chat.Read));

    private static JsonObject CardOf(BotReply reply) => Chat.Cards([Assert.Single(reply.Messages)]).Single();

    /// <summary>What a press of the card's button posts: the action's data with the card's inputs merged in, as Teams sends it.</summary>
    private static JsonObject Press(JsonObject card, string verb, params (string Id, string Value)[] typed)
    {
        var data = Chat.ActionData(card, verb);
        foreach (var id in new[] { NoticeText.UnitsId, NoticeText.ReasonId, NoticeText.ReplyById, NoticeText.NoteId, NoticeText.AnswerId, NoticeText.EvidenceId })
        {
            if (Chat.InputValue(card, id) is { } value)
            {
                data[id] = value;
            }
        }
        foreach (var (id, value) in typed)
        {
            data[id] = value;
        }
        return data;
    }

    private static JsonObject Replacement(IReadOnlyList<IActivity> replies) => Assert.Single(Chat.Cards(replies));

    private async Task<List<AuditEntry>> AuditAsync(string? action = null) => await Store.ReadAllAuditAsync(new AuditQuery { Action = action });

    /// <summary>The leader previews and issues a notice on task 3 with the reply deadline and note of the message.</summary>
    private async Task<(Session Leader, SupervisionNotice Notice, JsonObject Issued)> IssueAsync()
    {
        var leader = await OpenAsync("u-leader");
        var preview = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函，要求3月25日前书面说明"));
        var issued = Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue)));
        return (leader, Assert.Single(await Store.ListNoticesAsync()), issued);
    }

    [Fact]
    public async Task A_leader_previews_a_notice_prefilled_from_the_task_and_the_message()
    {
        var leader = await OpenAsync("u-leader");
        var reply = await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函，要求3月25日前书面说明");

        var preview = CardOf(reply);
        var text = Chat.Read(preview);
        Assert.Contains("下达督办函 · 任务 3", text);
        Assert.Equal("2019-03-25", Chat.InputValue(preview, NoticeText.ReplyById));
        Assert.Equal("书面说明", Chat.InputValue(preview, NoticeText.NoteId));
        Assert.Equal("2019年3月进展未报送；当前完成 0%", Chat.InputValue(preview, NoticeText.ReasonId)); // the 20th, nothing filed for March
        var units = Chat.InputValue(preview, NoticeText.UnitsId)!.Split(',');
        Assert.Contains("市水务局", units);
        Assert.Contains("江岸区政府", units);
        Assert.Empty(await Store.ListNoticesAsync()); // a preview writes nothing
        Assert.Empty(_sent.Sent);

        // An overdue task's reason says by how much; no deadline named: a week from today.
        var overdue = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务1下达督办函"));
        Assert.StartsWith("已逾期 79 天；", Chat.InputValue(overdue, NoticeText.ReasonId));
        Assert.Equal("2019-03-27", Chat.InputValue(overdue, NoticeText.ReplyById));
    }

    [Fact]
    public async Task In_english_the_preview_reads_the_reply_deadline_and_note_and_the_notice_is_numbered_in_english()
    {
        var leader = await OpenAsync("u-leader", "en-US");
        var preview = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "issue a supervision notice for task 3, reply by March 25 with a written explanation"));
        Assert.Contains("Supervision notice · task 3", Chat.Read(preview));
        Assert.Equal("2019-03-25", Chat.InputValue(preview, NoticeText.ReplyById));
        Assert.Equal("a written explanation", Chat.InputValue(preview, NoticeText.NoteId));
        Assert.Equal("the report for 2019-03 is missing; 0% done", Chat.InputValue(preview, NoticeText.ReasonId));

        var issued = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue))));
        Assert.Contains("Supervision Notice [2019] No. 1", issued);
        Assert.Contains("Issued Supervision Notice [2019] No. 1; sent to 1 of 2 people.", issued);
        Assert.Contains("江岸区联络员", issued); // not reached: named for the leader
    }

    [Fact]
    public async Task Issuing_records_the_notice_once_sends_it_once_to_each_reachable_person_and_posts_the_bulletin()
    {
        var leader = await OpenAsync("u-leader");
        var channel = new ConversationAddress
        {
            Key = ConversationAddress.ChannelKey("team-1", "19:leaders"), Kind = ConversationKind.Channel, ConversationId = "19:leaders", ServiceUrl = Server,
            ChannelId = "msteams", TeamId = "team-1", TeamChannelId = "19:leaders", UpdatedAt = Time.GetUtcNow(),
        };
        await leader.Services.GetRequiredService<DigestChannel>().UseAsync(channel, default);
        var preview = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函，要求3月25日前书面说明"));
        var press = Press(preview, CardVerbs.NoticeIssue);

        var issued = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, press)));

        Assert.Contains("已下达 督办〔2019〕1号，已发送 1/2 人。", issued);
        Assert.Contains("以下人员尚未安装整改督办助手，无法送达，请另行通知：江岸区联络员（江岸区政府）", issued);
        Assert.Contains("已在调度通报频道发布督办通报。", issued);
        var notice = Assert.Single(await Store.ListNoticesAsync());
        Assert.Equal(("督办〔2019〕1号", 3, new DateOnly(2019, 3, 25), "书面说明", "u-leader"), (notice.Code, notice.TaskNumber, notice.ReplyBy, notice.Note, notice.IssuerId));
        Assert.Equal(["u-water", "u-jiangan"], notice.Recipients.Select(r => r.PersonKey));
        Assert.Equal(["notice-bulletin|2019-1", "notice|2019-1|u-water"], _sent.Sent.Select(m => m.Key).Order());
        Assert.Contains("督办通报：督办〔2019〕1号", Chat.Read(_sent.CardOf("notice-bulletin|2019-1")));
        var received = Chat.Read(_sent.CardOf("notice|2019-1|u-water"));
        Assert.Contains("Supervision Notice [2019] No. 1", received); // in the language the official last wrote in
        Assert.Contains("Acknowledge", received);

        // The same preview pressed again: the same notice, nothing sent again, one audit entry.
        var again = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, press)));
        Assert.Contains("督办〔2019〕1号", again);
        Assert.Single(await Store.ListNoticesAsync());
        Assert.Equal(2, _sent.Sent.Count);
        var entry = Assert.Single(await AuditAsync(AuditActions.NoticeIssued));
        Assert.Equal(("u-leader", 3, false), (entry.ActorId, entry.TaskNumber, entry.Refused));
        Assert.Contains("督办〔2019〕1号", entry.Subject);
        Assert.Contains("recipients: 2", entry.Details);

        // Cancelling an issued preview cannot undo it.
        Assert.Contains("已下达（督办〔2019〕1号），不能取消", Chat.Text(await leader.Chat.ExecuteAsync(CardVerbs.NoticeCancel, Chat.ActionData(preview, CardVerbs.NoticeCancel))));

        // A second notice that year is number 2.
        var second = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务4下达督办函"));
        Assert.Contains("督办〔2019〕2号", Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(second, CardVerbs.NoticeIssue)))));
    }

    [Fact]
    public async Task A_cancelled_preview_writes_nothing()
    {
        var leader = await OpenAsync("u-leader");
        var preview = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函"));
        Assert.Contains("已取消，未对任务 3 下达督办函。", Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeCancel, Chat.ActionData(preview, CardVerbs.NoticeCancel)))));
        Assert.Empty(await Store.ListNoticesAsync());
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task What_cannot_be_issued_is_said_and_nothing_is_written()
    {
        var leader = await OpenAsync("u-leader");
        Assert.Contains("要对哪项任务下达督办函？请说明任务编号", Said(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "下达督办函")));
        Assert.Contains("没有任务 99：本整改方案的任务编号为 1–4。", Said(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务99下达督办函")));
        Assert.Contains("回复期限 2019-03-01 已过（今天是 2019-03-20）", Said(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函，要求3月1日前书面说明")));

        var preview = CardOf(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函"));
        var past = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue, (NoticeText.ReplyById, "2019-03-19")))));
        Assert.Contains("回复期限 2019-03-19 已过", past);
        var none = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue, (NoticeText.UnitsId, "")))));
        Assert.Contains("请至少选择一个督办单位。督办函未下达。", none);
        var foreign = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue, (NoticeText.UnitsId, "市农业农村局")))));
        Assert.Contains("“市农业农村局”不是任务 3 的牵头或责任单位", foreign);
        var nobody = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue, (NoticeText.UnitsId, "市城建局")))));
        Assert.Contains("名录中没有 市城建局 的人员", nobody);

        var task = (await Store.GetTaskAsync(3))!;
        await Store.UpdateTaskAsync(task with { Status = RectificationStatus.SignedOff });
        Assert.Contains("任务 3 已销号，不能再下达督办函。", Said(await SayAsync(leader, "u-leader", CommandKind.IssueNotice, "对任务3下达督办函")));
        Assert.Contains("任务 3 已销号", Chat.Text(await leader.Chat.ExecuteAsync(CardVerbs.NoticeIssue, Press(preview, CardVerbs.NoticeIssue))));

        Assert.Empty(await Store.ListNoticesAsync());
        Assert.Empty(_sent.Sent);
        Assert.Empty(await AuditAsync());
    }

    [Theory]
    [InlineData("u-water", "zh-CN", "只有领导可以下达督办函")]
    [InlineData("u-admin", "en-US", "Only leaders can issue supervision notices.")]
    public async Task Officials_and_administrators_cannot_issue_by_message_or_by_a_forged_card_and_the_refusal_is_audited(string user, string locale, string refusal)
    {
        var session = await OpenAsync(user, locale);
        Assert.Contains(refusal, Said(await SayAsync(session, user, CommandKind.IssueNotice, "对任务3下达督办函")));
        var forged = new JsonObject { ["task"] = 3, ["cardId"] = "0123456789abcdef0123456789abcdef", ["units"] = "市水务局", ["reason"] = "x", ["replyBy"] = "2019-03-25" };
        Assert.Contains(refusal, Chat.Text(await session.Chat.ExecuteAsync(CardVerbs.NoticeIssue, forged)));

        Assert.Empty(await Store.ListNoticesAsync());
        Assert.Empty(_sent.Sent);
        var refused = await AuditAsync(AuditActions.NoticeIssued);
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.True(e.Refused && e.ActorId == user && e.Details.StartsWith("refused: only leaders", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stranger_gets_nothing_done()
    {
        var (leader, notice, _) = await IssueAsync();
        var stranger = await OpenAsync("u-nobody");
        var reply = Chat.InvokeResponse(await stranger.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = notice.Id }));
        Assert.Contains("名录", reply.Value?.ToString());
        Assert.All((await Store.GetNoticeAsync(notice.Id))!.Recipients, r => Assert.Null(r.AcknowledgedAt));
        Assert.DoesNotContain(await AuditAsync(), e => e.ActorId == "u-nobody" && !e.Refused);
    }

    [Fact]
    public async Task A_recipient_acknowledges_and_answers_from_the_card_and_the_leader_is_told()
    {
        var (_, notice, _) = await IssueAsync();
        var water = await OpenAsync("u-water", "en-US");
        var received = _sent.CardOf("notice|2019-1|u-water");

        var acked = Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, Press(received, CardVerbs.NoticeAcknowledge)));
        Assert.Contains("Acknowledged Supervision Notice [2019] No. 1.", Chat.Read(acked));
        Assert.Contains("You: acknowledged (2019-03-20 10:00)", Chat.Read(acked));
        Assert.NotNull((await Store.GetNoticeAsync(notice.Id))!.RecipientOf("u-water")!.AcknowledgedAt);
        var twice = Chat.Read(Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, Press(received, CardVerbs.NoticeAcknowledge))));
        Assert.Contains("You acknowledged it on 2019-03-20 10:00.", twice);
        Assert.Single(await AuditAsync(AuditActions.NoticeAcknowledged));

        // A bad link or no text: said on the card, nothing stored.
        var bad = Chat.Read(Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAnswer, Press(acked, CardVerbs.NoticeAnswer, (NoticeText.AnswerId, "Outfalls sealed"), (NoticeText.EvidenceId, "ftp://x/y")))));
        Assert.Contains("\"ftp://x/y\" is not a valid http(s) link.", bad);
        Assert.Contains("Write your answer.", Chat.Read(Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAnswer, Press(acked, CardVerbs.NoticeAnswer, (NoticeText.AnswerId, " "))))));
        Assert.Null((await Store.GetNoticeAsync(notice.Id))!.RecipientOf("u-water")!.AnsweredAt);

        Time.Advance(TimeSpan.FromHours(2));
        var answered = Chat.Read(Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAnswer,
            Press(acked, CardVerbs.NoticeAnswer, (NoticeText.AnswerId, "Outfalls sealed; written explanation attached"), (NoticeText.EvidenceId, "https://example.gov.cn/a.pdf")))));
        Assert.Contains("Your answer to Supervision Notice [2019] No. 1 was sent", answered);
        var own = (await Store.GetNoticeAsync(notice.Id))!.RecipientOf("u-water")!;
        Assert.Equal(("Outfalls sealed; written explanation attached", "https://example.gov.cn/a.pdf"), (own.Answer, Assert.Single(own.Evidence)));
        var told = Chat.Read(_sent.CardOf("notice-answered|2019-1|u-water"));
        Assert.Contains("水务局联络员（市水务局）提交了整改说明。", told);
        Assert.Contains("Outfalls sealed", told);
        Assert.Contains("已回复（2019-03-20 12:00）", told);

        // Answered once: a second answer changes nothing.
        Assert.Contains("You answered on 2019-03-20 12:00", Chat.Read(Replacement(await water.Chat.ExecuteAsync(CardVerbs.NoticeAnswer, Press(acked, CardVerbs.NoticeAnswer, (NoticeText.AnswerId, "other"))))));
        Assert.Equal("Outfalls sealed; written explanation attached", (await Store.GetNoticeAsync(notice.Id))!.RecipientOf("u-water")!.Answer);
        var entry = Assert.Single(await AuditAsync(AuditActions.NoticeAnswered));
        Assert.Equal(("u-water", false), (entry.ActorId, entry.Refused));
    }

    [Fact]
    public async Task Someone_not_sent_the_notice_or_a_forged_id_is_refused_and_audited()
    {
        var (_, notice, _) = await IssueAsync();
        var agri = await OpenAsync("u-agri");
        Assert.Contains("督办〔2019〕1号 不是发给您的，您不能签收或回复。", Chat.Text(await agri.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = notice.Id })));
        Assert.Contains("不是发给您的", Chat.Text(await agri.Chat.ExecuteAsync(CardVerbs.NoticeAnswer, new JsonObject { ["notice"] = notice.Id, ["answer"] = "冒充回复" })));
        Assert.Contains("找不到这份督办函。", Chat.Text(await agri.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = "0123456789abcdef0123456789abcdef" })));
        Assert.Contains("这份督办函不是发给您单位的。", Chat.Text(await agri.Chat.ExecuteAsync(CardVerbs.NoticeShow, new JsonObject { ["notice"] = notice.Id })));
        // Not an id the bot makes: refused by the card schema before any handler.
        Assert.Equal(400, Chat.InvokeResponse(await agri.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = "../1" })).StatusCode);

        Assert.All((await Store.GetNoticeAsync(notice.Id))!.Recipients, r => Assert.Null(r.AcknowledgedAt));
        var refused = (await AuditAsync()).Where(e => e.Refused).ToList();
        Assert.Equal([AuditActions.NoticeAcknowledged, AuditActions.NoticeAnswered, AuditActions.NoticeAcknowledged], refused.Select(e => e.Action));
        Assert.All(refused, e => Assert.Equal("u-agri", e.ActorId));
        Assert.Equal("refused: not a recipient of this notice", refused[0].Details);
    }

    [Fact]
    public async Task A_leader_lists_sees_the_detail_and_closes_and_then_no_one_acts_on_it()
    {
        var (leader, notice, _) = await IssueAsync();
        var water = await OpenAsync("u-water", "en-US");
        await water.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = notice.Id });

        var list = Said(await SayAsync(leader, "u-leader", CommandKind.Notices, "督办函列表"));
        Assert.Contains("督办函（1 份）", list);
        Assert.Contains("督办〔2019〕1号", list);
        Assert.Contains("已签收 1/2，已回复 0/2", list);
        Assert.Contains("2019-03-25 前回复", list);
        Assert.Contains("任务 3 的督办函（1 份）", Said(await SayAsync(leader, "u-leader", CommandKind.Notices, "任务3的督办函")));
        Assert.Contains("任务 4 的督办函（0 份）", Said(await SayAsync(leader, "u-leader", CommandKind.Notices, "任务4的督办函")));

        var listCard = CardOf(await SayAsync(leader, "u-leader", CommandKind.Notices, "督办函列表"));
        var detail = Assert.Single(Chat.Cards(await leader.Chat.ExecuteAsync(CardVerbs.NoticeShow, Chat.ActionData(listCard, CardVerbs.NoticeShow))));
        var shown = Chat.Read(detail);
        Assert.Contains("水务局联络员（市水务局）：已签收（2019-03-20 10:00）", shown);
        Assert.Contains("江岸区联络员（江岸区政府）：未签收", shown);

        // An official cannot close; the leader can, once.
        Assert.Contains("Only leaders can close supervision notices.", Chat.Text(await water.Chat.ExecuteAsync(CardVerbs.NoticeClose, new JsonObject { ["notice"] = notice.Id })));
        Assert.Equal(NoticeState.Open, (await Store.GetNoticeAsync(notice.Id))!.State);
        var closed = Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeClose, Chat.ActionData(detail, CardVerbs.NoticeClose))));
        Assert.Contains("已关闭 督办〔2019〕1号。", closed);
        Assert.Contains("督办〔2019〕1号 已由 综合协调组组长 于 2019-03-20 10:00 关闭。", Chat.Read(Replacement(await leader.Chat.ExecuteAsync(CardVerbs.NoticeClose, Chat.ActionData(detail, CardVerbs.NoticeClose)))));
        Assert.Equal((NoticeState.Closed, "u-leader"), ((await Store.GetNoticeAsync(notice.Id))!.State, (await Store.GetNoticeAsync(notice.Id))!.ClosedById));
        Assert.Contains("已关闭", Said(await SayAsync(leader, "u-leader", CommandKind.Notices, "督办函列表")));

        var jiangan = await OpenAsync("u-jiangan");
        Assert.Contains("督办〔2019〕1号 已关闭，不再接受签收或回复。", Chat.Text(await jiangan.Chat.ExecuteAsync(CardVerbs.NoticeAcknowledge, new JsonObject { ["notice"] = notice.Id })));

        var audit = await AuditAsync();
        Assert.Equal(
            [(AuditActions.NoticeIssued, false), (AuditActions.NoticeAcknowledged, false), (AuditActions.NoticeClosed, true), (AuditActions.NoticeClosed, false), (AuditActions.NoticeAcknowledged, true)],
            audit.Select(e => (e.Action, e.Refused)));
        Assert.Equal(("u-water", "u-leader", "u-jiangan"), (audit[2].ActorId, audit[3].ActorId, audit[4].ActorId));
    }

    [Fact]
    public async Task An_official_lists_the_notices_sent_to_the_unit_with_their_own_state_and_buttons()
    {
        var (_, notice, _) = await IssueAsync();
        var water = await OpenAsync("u-water", "en-US");
        var list = CardOf(await SayAsync(water, "u-water", CommandKind.Notices, "supervision notices"));
        Assert.Contains("Supervision Notice [2019] No. 1", Chat.Read(list));
        Assert.Contains("You: not acknowledged", Chat.Read(list));
        var own = Assert.Single(Chat.Cards(await water.Chat.ExecuteAsync(CardVerbs.NoticeShow, Chat.ActionData(list, CardVerbs.NoticeShow))));
        Assert.Equal(notice.Id, (string)Chat.ActionData(own, CardVerbs.NoticeAcknowledge)["notice"]!);
        Assert.DoesNotContain("江岸区联络员", Chat.Read(own)); // not the other units' people

        var agri = await OpenAsync("u-agri");
        Assert.Contains("没有发给本单位的督办函。", Said(await SayAsync(agri, "u-agri", CommandKind.Notices, "督办函列表")));
    }
}
