using System.Globalization;
using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Notices;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Notices;

/// <summary>
/// Supervision notices (督办函) in conversation: a leader's preview and issue (recorded with the year's next number, sent
/// once to each person of the chosen units, posted as 督办通报 in the digest channel), a recipient's 签收 and 整改说明, the
/// list and a notice's detail, and a leader's 关闭. The actor is always the turn's person; a notice id from a card is only
/// a lookup, checked against the notice's recipients. Every change, and every refused attempt, goes into the audit trail.
/// </summary>
public sealed class NoticeDesk(ITaskStore store, INoticeStore notices, AuditTrail audit, IConversationStore conversations, IProactiveSender sender,
    DigestChannel channel, UnitMatcher matcher, NoticeRequest request, TimeProvider time)
{
    public const string KindName = "notice";
    public const string BulletinKind = "notice-bulletin";
    public const string AnsweredKind = "notice-answered";

    /// <summary>How long a recipient gets when the leader names no reply deadline.</summary>
    public const int DefaultReplyDays = 7;

    public static string SendKey(SupervisionNotice notice, string personKey) => $"{KindName}|{NoticeKey(notice)}|{personKey}";

    public static string BulletinKey(SupervisionNotice notice) => $"{BulletinKind}|{NoticeKey(notice)}";

    public static string NoticeKey(SupervisionNotice notice) => string.Create(CultureInfo.InvariantCulture, $"{notice.Year}-{notice.Number}");

    /// <summary><c>对任务3下达督办函，要求3月25日前书面说明</c>: the preview card, or why not.</summary>
    public async Task<BotReply> StartAsync(FlowTurn turn, Command command, CancellationToken cancellationToken)
    {
        if (await RefuseIssuerAsync(turn, command.TaskNumber, cancellationToken) is { } refused)
        {
            return Say(refused);
        }
        if (command.TaskNumber is not { } number)
        {
            return Say(turn.T("notice.whichTask"));
        }
        if (await TaskProblemAsync(turn, number, cancellationToken) is { } problem)
        {
            return Say(problem.Message);
        }
        var task = (await store.GetTaskAsync(number, cancellationToken))!;
        var (replyBy, note) = request.Read(command.Original.Length > 0 ? command.Original : command.Text, turn.Today);
        if (replyBy is { } named && named < turn.Today)
        {
            return Say(turn.T("notice.replyByPast", NoticeText.Date(named), NoticeText.Date(turn.Today)));
        }
        var units = UnitsOf(task);
        var preview = new NoticePreview(task, units, units, await ReasonAsync(turn, task, cancellationToken),
            replyBy ?? turn.Today.AddDays(DefaultReplyDays), note, turn.Today, Guid.NewGuid().ToString("N"));
        return BotReply.Send(Replies.Card(NoticePreviewCard.Build(preview, turn.Language), NoticePreviewCard.Summary(preview, turn.Language)));
    }

    /// <summary>下达: the preview's values checked, the notice recorded once (by the preview's id), sent, and the preview replaced by what was done.</summary>
    public async Task<BotReply> IssueAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var number = (int)data.Number("task")!.Value;
        var source = "notice:" + data.CardId;
        if (await RefuseIssuerAsync(turn, number, cancellationToken) is { } refused)
        {
            return Say(refused);
        }
        if (await TaskProblemAsync(turn, number, cancellationToken) is { } problem)
        {
            return Say(problem.Message);
        }
        var task = (await store.GetTaskAsync(number, cancellationToken))!;
        var choices = UnitsOf(task);
        // The card's values are the units as choice titles show them; each must be one of the task's units.
        var chosen = data.Text(NoticeText.UnitsId).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var units = chosen.Select(v => choices.FirstOrDefault(u => Cards.Layout.AdaptiveCard.ChoiceTitle(u) == v)).OfType<string>().ToList();
        var reason = FreeText.Normalize(data.Text(NoticeText.ReasonId));
        var note = FreeText.Normalize(data.Text(NoticeText.NoteId));
        var replyText = data.Text(NoticeText.ReplyById).Trim();
        var parsed = DateOnly.TryParseExact(replyText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var replyBy);
        var people = await store.ListPeopleAsync(cancellationToken);
        var recipients = people.Where(p => p.Key != turn.Person.Key && units.Any(u => matcher.Covers(u, p.Unit)))
            .Select(p => new NoticeRecipient(p.Key, p.Name, p.Unit)).ToList();
        string? why = chosen.Count == 0 ? turn.T("notice.unitsEmpty")
            : chosen.FirstOrDefault(v => !choices.Any(u => Cards.Layout.AdaptiveCard.ChoiceTitle(u) == v)) is { } foreign ? turn.T("notice.unitNotOfTask", foreign, number)
            : !FreeText.HasContent(reason) ? turn.T("notice.reasonEmpty")
            : reason.Length > NoticeText.MaxReason || note.Length > NoticeText.MaxNote ? turn.T("notice.tooLong", NoticeText.MaxReason)
            : !parsed ? turn.T("notice.replyByUnreadable", replyText)
            : replyBy < turn.Today ? turn.T("notice.replyByPast", NoticeText.Date(replyBy), NoticeText.Date(turn.Today))
            : recipients.Count == 0 ? turn.T("notice.nobody", NoticeText.Units(units, turn.Language))
            : null;
        if (why is not null)
        {
            if (await notices.ListNoticesAsync(number, cancellationToken) is var issued && issued.FirstOrDefault(n => n.SourceId == source) is { } already)
            {
                return await ShowIssuedAsync(turn, already, cancellationToken); // pressed again after it was issued
            }
            var again = new NoticePreview(task, choices, units, reason, parsed ? replyBy : turn.Today.AddDays(DefaultReplyDays), note, turn.Today, data.CardId!) { Problem = why };
            return BotReply.Replace(NoticePreviewCard.Build(again, turn.Language));
        }
        var result = await notices.IssueNoticeAsync(new NoticeDraft
        {
            SourceId = source,
            Year = turn.Today.Year,
            TaskNumber = number,
            Units = units,
            Reason = reason,
            Note = note,
            ReplyBy = replyBy,
            IssuerId = turn.Person.Key,
            IssuerName = turn.Person.Name,
            IssuedAt = time.GetUtcNow(),
            Recipients = recipients,
        }, cancellationToken);
        var notice = result.Notice;
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeIssued, number, $"{notice.Code} {notice.Id}",
            $"units: {string.Join("、", notice.Units)}; recipients: {notice.Recipients.Count}; reply by {NoticeText.Date(notice.ReplyBy)}; reason: {notice.Reason}" + (notice.Note.Length > 0 ? $"; note: {notice.Note}" : ""),
            key: $"{AuditActions.NoticeIssued}:{source}", cancellationToken: cancellationToken);
        return await ShowIssuedAsync(turn, notice, cancellationToken);
    }

    /// <summary>
    /// Sends the notice to each recipient and the channel (each once: a second press sends nothing new, and completes what
    /// an interrupted first one did not), and shows the issuer what went where.
    /// </summary>
    private async Task<BotReply> ShowIssuedAsync(FlowTurn turn, SupervisionNotice notice, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(notice.TaskNumber, cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var people = (await store.ListPeopleAsync(cancellationToken)).ToDictionary(p => p.Key, StringComparer.Ordinal);
        var (sent, unreachable) = (0, new List<string>());
        foreach (var recipient in notice.Recipients)
        {
            var to = people.TryGetValue(recipient.PersonKey, out var person) ? chats.For(person) : null;
            if (to is not { IsGone: false })
            {
                unreachable.Add(turn.T("escalation.person", Cards.Layout.AdaptiveCard.Plain(recipient.Name), Cards.Layout.AdaptiveCard.Plain(UnitName.Display(recipient.Unit))));
                continue;
            }
            var language = RecipientLanguage.Of(to);
            var card = NoticeCard.Build(new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Recipient) { ViewerKey = recipient.PersonKey }, language);
            var outcome = await sender.SendAsync(new ProactiveMessage(SendKey(notice, recipient.PersonKey), KindName, to, Replies.Card(card, NoticeCard.Summary(notice, language))), cancellationToken);
            if (outcome is SendOutcome.Sent or SendOutcome.NotClaimed)
            {
                sent++;
            }
            else
            {
                unreachable.Add(turn.T("escalation.person", Cards.Layout.AdaptiveCard.Plain(recipient.Name), Cards.Layout.AdaptiveCard.Plain(UnitName.Display(recipient.Unit))));
            }
        }
        var banner = turn.T("notice.issued", NoticeText.Code(notice, turn.Language), sent, notice.Recipients.Count);
        if (unreachable.Count > 0)
        {
            banner += "\n\n" + turn.T("notice.unreachable", string.Join(turn.T("escalation.separator"), unreachable));
        }
        if (await channel.CurrentAsync(cancellationToken) is { IsGone: false } digest)
        {
            var bulletin = NoticeCard.Build(new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Bulletin), Language.Chinese);
            var posted = await sender.SendAsync(new ProactiveMessage(BulletinKey(notice), BulletinKind, digest, Replies.Card(bulletin, NoticeCard.Summary(notice, Language.Chinese))), cancellationToken);
            banner += "\n\n" + turn.T(posted is SendOutcome.Sent or SendOutcome.NotClaimed ? "notice.bulletinPosted" : "notice.bulletinFailed");
        }
        var view = new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Supervisor) { Banner = banner, BannerIsWarning = unreachable.Count > 0, CanClose = true };
        return BotReply.Replace(NoticeCard.Build(view, turn.Language));
    }

    public async Task<BotReply> CancelAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var number = (int)data.Number("task")!.Value;
        if ((await notices.ListNoticesAsync(number, cancellationToken)).FirstOrDefault(n => n.SourceId == "notice:" + data.CardId) is { } issued)
        {
            return Say(turn.T("notice.alreadyIssued", NoticeText.Code(issued, turn.Language)));
        }
        return BotReply.Replace(Cards.Layout.AdaptiveCard.Card([Cards.Layout.AdaptiveCard.Text(turn.T("notice.cancelled", number))]));
    }

    /// <summary>签收 by the turn's person: only a recipient of an open notice; twice changes nothing.</summary>
    public async Task<BotReply> AcknowledgeAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var id = data.Text("notice");
        var written = await notices.AcknowledgeNoticeAsync(id, turn.Person.Key, time.GetUtcNow(), cancellationToken);
        if (await RefusedActAsync(turn, AuditActions.NoticeAcknowledged, id, written.Outcome, written.Notice, cancellationToken) is { } refused)
        {
            return refused;
        }
        var notice = written.Notice!;
        var own = notice.RecipientOf(turn.Person.Key)!;
        if (written.Outcome == NoticeWriteOutcome.Done)
        {
            await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeAcknowledged, notice.TaskNumber, $"{notice.Code} {notice.Id}",
                $"acknowledged by {turn.Person.Name} ({turn.Person.Unit})", key: $"{AuditActions.NoticeAcknowledged}:{notice.Id}:{turn.Person.Key}", cancellationToken: cancellationToken);
        }
        var banner = written.Outcome == NoticeWriteOutcome.Done
            ? turn.T("notice.acknowledged", NoticeText.Code(notice, turn.Language))
            : turn.T("notice.alreadyAcknowledged", NoticeText.Time(own.AcknowledgedAt!.Value));
        return await RecipientCardAsync(turn, notice, banner, data, null, cancellationToken);
    }

    /// <summary>整改说明 by the turn's person: only a recipient of an open notice, once; the text and links checked as a report's are.</summary>
    public async Task<BotReply> AnswerAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var id = data.Text("notice");
        var current = await notices.GetNoticeAsync(id, cancellationToken);
        if (NoticeRules.Refusal(current, turn.Person.Key) is { } refusal)
        {
            return (await RefusedActAsync(turn, AuditActions.NoticeAnswered, id, refusal, current, cancellationToken))!;
        }
        var text = ReportValidator.Summary(data.Text(NoticeText.AnswerId));
        var links = ReportValidator.Evidence(data.Text(NoticeText.EvidenceId));
        var error = !text.IsValid ? (text.Error!.Code == "summaryRequired" ? turn.T("notice.answerEmpty") : Localizer.Get(turn.Language, text.Error!))
            : !links.IsValid ? Localizer.Get(turn.Language, links.Error!)
            : text.Value.Length > NoticeText.MaxAnswer ? turn.T("notice.tooLong", NoticeText.MaxAnswer)
            : null;
        if (error is not null && current!.RecipientOf(turn.Person.Key)!.AnsweredAt is null)
        {
            return await RecipientCardAsync(turn, current, null, data, error, cancellationToken);
        }
        var written = await notices.AnswerNoticeAsync(id, turn.Person.Key, text.Value ?? "", links.Value ?? [], time.GetUtcNow(), cancellationToken);
        if (await RefusedActAsync(turn, AuditActions.NoticeAnswered, id, written.Outcome, written.Notice, cancellationToken) is { } refused)
        {
            return refused;
        }
        var notice = written.Notice!;
        var own = notice.RecipientOf(turn.Person.Key)!;
        if (written.Outcome == NoticeWriteOutcome.Already)
        {
            return await RecipientCardAsync(turn, notice, turn.T("notice.alreadyAnswered", NoticeText.Time(own.AnsweredAt!.Value)), data, null, cancellationToken);
        }
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeAnswered, notice.TaskNumber, $"{notice.Code} {notice.Id}",
            $"answered by {turn.Person.Name} ({turn.Person.Unit}); {own.Evidence.Count} evidence links", key: $"{AuditActions.NoticeAnswered}:{notice.Id}:{turn.Person.Key}", cancellationToken: cancellationToken);
        await TellIssuerAsync(notice, own, cancellationToken);
        return await RecipientCardAsync(turn, notice, turn.T("notice.answered", NoticeText.Code(notice, turn.Language)), data, null, cancellationToken);
    }

    /// <summary>The leader who issued the notice hears of each answer, once, in their own chat.</summary>
    private async Task TellIssuerAsync(SupervisionNotice notice, NoticeRecipient recipient, CancellationToken cancellationToken)
    {
        if (await store.FindPersonAsync(notice.IssuerId, notice.IssuerId, cancellationToken) is not { } issuer
            || (await conversations.PersonalChatsAsync(cancellationToken)).For(issuer) is not { IsGone: false } to)
        {
            return;
        }
        var language = RecipientLanguage.Of(to);
        var task = await store.GetTaskAsync(notice.TaskNumber, cancellationToken);
        var banner = Localizer.Get(language, "notice.answeredToIssuer", Cards.Layout.AdaptiveCard.Plain(recipient.Name), Cards.Layout.AdaptiveCard.Plain(UnitName.Display(recipient.Unit)));
        var card = NoticeCard.Build(new NoticeView(notice, task?.Problem ?? "", PlanClock.Today(time), NoticeViewer.Supervisor) { Banner = banner, CanClose = issuer.Role == PersonRole.Leader }, language);
        await sender.SendAsync(new ProactiveMessage($"{AnsweredKind}|{NoticeKey(notice)}|{recipient.PersonKey}", AnsweredKind, to, Replies.Card(card, banner)), cancellationToken);
    }

    /// <summary>督办函列表 (or one task's): leaders and admins every notice; an official those sent to their unit, with their own state.</summary>
    public async Task<BotReply> ListAsync(FlowTurn turn, int? taskNumber, int offset, CancellationToken cancellationToken)
    {
        var all = await notices.ListNoticesAsync(taskNumber, cancellationToken);
        var visible = turn.Person.SeesEveryUnit ? all : all.Where(n => Concerns(n, turn.Person)).ToList();
        var ordered = visible.OrderBy(n => n.State).ThenBy(n => n.State == NoticeState.Open ? n.ReplyBy.DayNumber : -n.IssuedAt.ToUnixTimeSeconds()).ToList();
        var query = new JsonObject();
        if (taskNumber is { } t)
        {
            query["task"] = t;
        }
        var page = ordered.Skip(offset).Take(NoticeListCard.PageSize).ToList();
        var view = new NoticeListView(page, ordered.Count, offset, turn.Today, taskNumber, turn.Person.SeesEveryUnit ? null : turn.Person.Key, query);
        var next = offset + page.Count < ordered.Count ? new ListState { Verb = CardVerbs.NoticeList, Query = query.ToJsonString(), NextOffset = offset + page.Count } : null;
        return BotReply.Lists([new ListReply(Replies.Card(NoticeListCard.Build(view, turn.Language), NoticeListCard.Summary(view, turn.Language)), next)]);
    }

    public Task<BotReply> PageAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken) =>
        ListAsync(turn, data.Number("task") is { } t ? (int)t : null, data.Number("offset") is { } o ? (int)o : 0, cancellationToken);

    /// <summary>A notice's detail: a leader's or admin's every recipient; a recipient's own card; anyone else is refused.</summary>
    public async Task<BotReply> ShowAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var notice = await notices.GetNoticeAsync(data.Text("notice"), cancellationToken);
        if (notice is null)
        {
            return Say(turn.T("notice.notFound"));
        }
        if (turn.Person.SeesEveryUnit)
        {
            var task = await store.GetTaskAsync(notice.TaskNumber, cancellationToken);
            return BotReply.Send(Replies.Card(NoticeCard.Build(new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Supervisor) { CanClose = turn.Person.Role == PersonRole.Leader }, turn.Language),
                NoticeCard.Summary(notice, turn.Language)));
        }
        if (!Concerns(notice, turn.Person))
        {
            return Say(turn.T("notice.notYours"));
        }
        var reply = await RecipientCardAsync(turn, notice, null, null, null, cancellationToken);
        return BotReply.Send(Replies.Card(reply.Replacement!, NoticeCard.Summary(notice, turn.Language)));
    }

    /// <summary>关闭: a leader's; anyone else is refused (and the refusal audited).</summary>
    public async Task<BotReply> CloseAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var id = data.Text("notice");
        if (turn.Person.Role != PersonRole.Leader)
        {
            var known = await notices.GetNoticeAsync(id, cancellationToken);
            await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeClosed, known?.TaskNumber, known is null ? id : $"{known.Code} {known.Id}",
                $"refused: only leaders close notices ({turn.Person.Role})", refused: true, cancellationToken: cancellationToken);
            return Say(turn.T("notice.closeLeadersOnly"));
        }
        var written = await notices.CloseNoticeAsync(id, turn.Person.Key, turn.Person.Name, time.GetUtcNow(), cancellationToken);
        if (written.Notice is not { } notice)
        {
            return Say(turn.T("notice.notFound"));
        }
        if (written.Outcome == NoticeWriteOutcome.Done)
        {
            await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeClosed, notice.TaskNumber, $"{notice.Code} {notice.Id}",
                $"closed; acknowledged {notice.Acknowledged}/{notice.Recipients.Count}, answered {notice.Answered}/{notice.Recipients.Count}",
                key: $"{AuditActions.NoticeClosed}:{notice.Id}", cancellationToken: cancellationToken);
        }
        var task = await store.GetTaskAsync(notice.TaskNumber, cancellationToken);
        var banner = written.Outcome == NoticeWriteOutcome.Done
            ? turn.T("notice.closed", NoticeText.Code(notice, turn.Language))
            : turn.T("notice.alreadyClosed", NoticeText.Code(notice, turn.Language), Cards.Layout.AdaptiveCard.Plain(notice.ClosedByName ?? ""), NoticeText.Time(notice.ClosedAt!.Value));
        return BotReply.Replace(NoticeCard.Build(new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Supervisor) { Banner = banner, CanClose = true }, turn.Language));
    }

    /// <summary>The person is one the notice was sent to, or of a unit it was sent to.</summary>
    private bool Concerns(SupervisionNotice notice, Person person) =>
        notice.RecipientOf(person.Key) is not null || notice.Recipients.Any(r => matcher.SameUnit(r.Unit, person.Unit)) || notice.Units.Any(u => matcher.Covers(u, person.Unit));

    private async Task<BotReply> RecipientCardAsync(FlowTurn turn, SupervisionNotice notice, string? banner, CardData? data, string? error, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(notice.TaskNumber, cancellationToken);
        var view = new NoticeView(notice, task?.Problem ?? "", turn.Today, NoticeViewer.Recipient)
        {
            ViewerKey = turn.Person.Key,
            Banner = banner,
            AnswerError = error,
            Answer = data?.Text(NoticeText.AnswerId) ?? "",
            Evidence = data?.Text(NoticeText.EvidenceId) ?? "",
        };
        return BotReply.Replace(NoticeCard.Build(view, turn.Language));
    }

    /// <summary>A recipient's act the store refused: said why, and recorded as refused.</summary>
    private async Task<BotReply?> RefusedActAsync(FlowTurn turn, string action, string id, NoticeWriteOutcome outcome, SupervisionNotice? notice, CancellationToken cancellationToken)
    {
        var why = outcome switch
        {
            NoticeWriteOutcome.NotFound => ("notice.notFound", "no such notice"),
            NoticeWriteOutcome.NotRecipient => ("notice.notRecipient", "not a recipient of this notice"),
            NoticeWriteOutcome.Closed => ("notice.isClosed", "the notice is closed"),
            _ => ((string, string)?)null,
        };
        if (why is not { } refusal)
        {
            return null;
        }
        await audit.RecordAsync(AuditActor.Of(turn.Person), action, notice?.TaskNumber, notice is null ? Clip(id) : $"{notice.Code} {notice.Id}",
            "refused: " + refusal.Item2, refused: true, cancellationToken: cancellationToken);
        return Say(turn.T(refusal.Item1, notice is null ? "" : NoticeText.Code(notice, turn.Language)));
    }

    /// <summary>Only a leader issues notices: anyone else is told why, and the attempt is recorded as refused.</summary>
    private async Task<string?> RefuseIssuerAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (turn.Person.Role == PersonRole.Leader)
        {
            return null;
        }
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.NoticeIssued, taskNumber, "",
            $"refused: only leaders issue supervision notices ({turn.Person.Role}, {turn.Person.Unit})", refused: true, cancellationToken: cancellationToken);
        return turn.T("notice.leadersOnly");
    }

    /// <summary>The task cannot take a notice: it does not exist, or it is signed off.</summary>
    private async Task<(string Message, bool Missing)?> TaskProblemAsync(FlowTurn turn, int number, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(number, cancellationToken);
        if (task is null)
        {
            var all = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
            return (all.Count == 0 ? turn.T("notice.noTasks") : turn.T("notice.noSuchTask", number, all.Min(t => t.Number), all.Max(t => t.Number)), true);
        }
        return task.Status == RectificationStatus.SignedOff ? (turn.T("notice.signedOff", number), false) : null;
    }

    /// <summary>The units a notice on the task may go to: its lead units first, then its responsible units.</summary>
    private static List<string> UnitsOf(RectificationTask task) => [.. task.AllUnitNames];

    /// <summary>Why the task needs a notice, as its state says: overdue, this month's report missing, lagging; and its percent.</summary>
    private async Task<string> ReasonAsync(FlowTurn turn, RectificationTask task, CancellationToken cancellationToken)
    {
        var month = YearMonth.Of(turn.Today);
        var filed = (await store.QueryReportsAsync(new ReportQuery { TaskNumber = task.Number, Period = month.ToString() }, new PageRequest(1), cancellationToken)).Items.Count > 0;
        var parts = new List<string>();
        if (RectificationRules.IsOverdue(task, turn.Today))
        {
            parts.Add(turn.T("notice.reason.overdue", RectificationRules.DaysOverdue(task, turn.Today)));
        }
        if (!filed && turn.Today.Day > RectificationRules.MonthlyReportDay && RectificationRules.IsOpen(task))
        {
            parts.Add(turn.T("notice.reason.unreported", month.Year, month.Month));
        }
        if (task.Status == RectificationStatus.Lagging)
        {
            parts.Add(turn.T("notice.reason.lagging"));
        }
        parts.Add(turn.T("notice.reason.percent", task.PercentComplete));
        return string.Join(turn.T("notice.reason.sep"), parts);
    }

    private static string Clip(string id) => id.Length <= 64 ? id : id[..64];

    private static BotReply Say(string text) => BotReply.Send(Replies.Text(text));
}
