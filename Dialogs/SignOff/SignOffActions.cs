using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.SignOff;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.SignOff;

/// <summary>
/// Sign-off (销号) as leaders do it: the buttons of the sign-off card (<see cref="CardVerbs.SignOffApprove"/>,
/// <see cref="CardVerbs.SignOffReturn"/>) and the command (待销号任务, 任务3销号). Only leaders decide — the turn's person
/// from the directory, never anything the card says. Every decision and every refused attempt goes into the audit trail;
/// a send-back tells the unit's people why.
/// </summary>
public sealed partial class SignOffActions(
    ITaskStore store, ISignOffStore signOffs, AuditTrail audit, IConversationStore conversations, IProactiveSender sender,
    SignOffRequests requests, UnitMatcher matcher, TimeProvider time, ILogger<SignOffActions> logger)
{
    /// <summary>Most sign-off cards one answer shows; the rest are named.</summary>
    public const int MaxCards = 10;

    public Task<BotReply> ApproveAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken) =>
        DecideAsync(turn, data, SignOffVerdict.SignedOff, cancellationToken);

    public Task<BotReply> ReturnAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken) =>
        DecideAsync(turn, data, SignOffVerdict.SentBack, cancellationToken);

    private async Task<BotReply> DecideAsync(FlowTurn turn, CardData data, SignOffVerdict verdict, CancellationToken cancellationToken)
    {
        var person = turn.Person;
        var number = (int)data.Number("task")!.Value;
        var action = verdict == SignOffVerdict.SignedOff ? AuditActions.TaskSignedOff : AuditActions.TaskSentBack;
        var source = $"signoff:{person.Key}:{data.CardId}";
        Task<BotReply> RefuseAsync(string why, string message) => RefusedAsync(turn, action, number, source, why, message, cancellationToken);

        if (person.Role != PersonRole.Leader)
        {
            return await RefuseAsync($"not a leader ({person.Role})", turn.T("signoff.leadersOnly"));
        }
        var reason = FreeText.Normalize(data.Text(SignOffCard.ReasonId));
        if (verdict == SignOffVerdict.SentBack && !FreeText.HasContent(reason))
        {
            return BotReply.Send(Replies.Text(turn.T("signoff.reasonRequired", number))); // bad input: nothing written
        }
        if (await store.GetTaskAsync(number, cancellationToken) is not { } task)
        {
            return await RefuseAsync("no such task", turn.T("signoff.noSuchTask", number));
        }
        if (task.Deadline.Kind == DeadlineKind.LongTerm)
        {
            return await RefuseAsync("long-term task: not signed off", turn.T("signoff.longTerm", number));
        }
        var reportId = data.Text("report");
        var report = (await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { TaskNumber = number }, p, ct), cancellationToken))
            .FirstOrDefault(r => r.Id == reportId);
        if (report is null || report.Status != RectificationStatus.Completed)
        {
            return await RefuseAsync($"report {reportId} is not a completion report of task {number}", turn.T("signoff.badReport", number));
        }

        var decision = new SignOffDecision
        {
            Id = Guid.NewGuid().ToString("N"),
            TaskNumber = number,
            Verdict = verdict,
            DeciderId = person.Key,
            DeciderName = person.Name,
            At = time.GetUtcNow(),
            Reason = Clip(reason),
            ReportId = report.Id,
            TaskVersion = data.Number("version")!.Value,
            SourceId = source,
        };
        SignOffResult result;
        try
        {
            result = await signOffs.DecideAsync(decision, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotSaved(logger, e, number, person.Key);
            return BotReply.Send(Replies.Text(turn.T("signoff.notSaved", number)));
        }

        switch (result.Outcome)
        {
            case SignOffOutcome.Decided:
                var decided = result.Decision!;
                await audit.RecordAsync(AuditActor.Of(person), action, number, subject: $"decision:{decided.Id} report:{decided.ReportId}",
                    details: verdict == SignOffVerdict.SignedOff ? $"signed off (task version {decided.TaskVersion})" : $"sent back (task version {decided.TaskVersion}): {decided.Reason}",
                    key: $"{action}:{source}", cancellationToken: cancellationToken);
                LogDecided(logger, number, verdict, person.Key);
                if (decided.Verdict == SignOffVerdict.SentBack)
                {
                    await TellUnitAsync(result.Task ?? task, report, decided, cancellationToken);
                }
                return BotReply.Replace(SignOffCard.Decided(decided, turn.Language));
            case SignOffOutcome.Duplicate:
                return BotReply.Replace(AlreadyCard(turn, number, result.Decision!));
            case SignOffOutcome.NotAwaiting when result.Decision is { } latest && result.Task?.Status == latest.Result:
                await AuditRefusedAsync(turn, action, number, source, $"already decided: {latest.Verdict} by {latest.DeciderName} at {latest.At:O} (decision:{latest.Id})", cancellationToken);
                return BotReply.Replace(AlreadyCard(turn, number, latest));
            case SignOffOutcome.NotAwaiting:
                var now = result.Task ?? task;
                return await RefuseAsync($"not awaiting sign-off (status {now.Status})", NotCompletedText(turn, now, result.Decision));
            case SignOffOutcome.Stale:
                await AuditRefusedAsync(turn, action, number, source, $"task changed since seen (version {decision.TaskVersion}, now {result.Task?.Version})", cancellationToken);
                var fresh = await CardForAsync(turn, result.Task ?? task, cancellationToken);
                return BotReply.Send([Replies.Text(turn.T("signoff.stale", number)), .. fresh.Messages]);
            default:
                return await RefuseAsync("no such task", turn.T("signoff.noSuchTask", number));
        }
    }

    /// <summary>
    /// 待销号 / 任务3销号. A leader: the tasks awaiting sign-off, each its card (or the named task's card, or why it has
    /// none). Anyone else: who signs off, and which of their unit's tasks await it.
    /// </summary>
    public async Task<BotReply> CommandAsync(FlowTurn turn, int? number, CancellationToken cancellationToken)
    {
        var person = turn.Person;
        if (person.Role != PersonRole.Leader)
        {
            var query = person.SeesEveryUnit ? TaskQuery.All : new TaskQuery { Unit = person.Unit };
            var theirs = (await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(query, p, ct), cancellationToken)).Where(RectificationRules.AwaitsSignOff).ToList();
            var waiting = theirs.Count == 0 ? turn.T("signoff.officialsNone") : turn.T("signoff.officialsWaiting", Numbers(turn, theirs));
            return BotReply.Send(Replies.Text(turn.T("signoff.officials") + "\n\n" + waiting));
        }
        if (number is { } n)
        {
            return await store.GetTaskAsync(n, cancellationToken) is { } task
                ? await CardForAsync(turn, task, cancellationToken)
                : BotReply.Send(Replies.Text(turn.T("signoff.noSuchTask", n)));
        }
        var awaiting = (await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken)).Where(RectificationRules.AwaitsSignOff).ToList();
        if (awaiting.Count == 0)
        {
            return BotReply.Send(Replies.Text(turn.T("signoff.none")));
        }
        var messages = new List<Microsoft.Bot.Schema.IActivity> { Replies.Text(turn.T("signoff.list", awaiting.Count)) };
        foreach (var task in awaiting.Take(MaxCards))
        {
            messages.AddRange((await CardForAsync(turn, task, cancellationToken)).Messages);
        }
        if (awaiting.Count > MaxCards)
        {
            messages.Add(Replies.Text(turn.T("signoff.listMore", awaiting.Count - MaxCards, Numbers(turn, awaiting.Skip(MaxCards)))));
        }
        return BotReply.Send([.. messages]);
    }

    /// <summary>A task's sign-off card when it awaits sign-off; otherwise why not (long-term, already decided, not completed yet).</summary>
    private async Task<BotReply> CardForAsync(FlowTurn turn, RectificationTask task, CancellationToken cancellationToken)
    {
        if (task.Status == RectificationStatus.Completed && task.Deadline.Kind == DeadlineKind.LongTerm)
        {
            return BotReply.Send(Replies.Text(turn.T("signoff.longTerm", task.Number)));
        }
        var latest = (await signOffs.QuerySignOffsAsync(task.Number, cancellationToken)).LastOrDefault();
        if (task.Status == RectificationStatus.SignedOff && latest is { Verdict: SignOffVerdict.SignedOff })
        {
            return BotReply.Send(Replies.Text(turn.T("signoff.alreadyDecided", task.Number, SignOffCard.Outcome(latest, turn.Language))));
        }
        if (!RectificationRules.AwaitsSignOff(task) || await requests.FinalReportAsync(task.Number, cancellationToken) is not { } report)
        {
            return BotReply.Send(Replies.Text(NotCompletedText(turn, task, latest)));
        }
        var view = new SignOffView(task, report, SignOffRequests.CardIdOf(report));
        return BotReply.Send(Replies.Card(SignOffCard.Build(view, turn.Language), SignOffCard.Summary(view, turn.Language)));
    }

    /// <summary>The unit's people, told that the completion was sent back and why, each once per decision.</summary>
    private async Task TellUnitAsync(RectificationTask task, ProgressReport report, SignOffDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            var people = (await store.ListPeopleAsync(cancellationToken))
                .Where(p => p.Role != PersonRole.Leader && (matcher.SameUnit(p.Unit, report.Unit) || matcher.RoleOf(task, p.Unit) is not null))
                .ToList();
            var chats = await conversations.PersonalChatsAsync(cancellationToken);
            var built = new PerLanguage<(Microsoft.Bot.Schema.Attachment Card, string Text)>(language =>
                (Replies.Attachment(SignOffCard.Returned(decision, language)), SignOffCard.ReturnedText(decision, language)));
            foreach (var person in people)
            {
                if (chats.For(person) is { IsGone: false } to)
                {
                    var (card, text) = built[RecipientLanguage.Of(to)];
                    await sender.SendAsync(new ProactiveMessage($"signoff-return|{task.Number}|{decision.Id}|{person.Key}", "signoff-return", to, Replies.Card(card, text)), cancellationToken);
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotTold(logger, e, task.Number, decision.Id);
        }
    }

    private JsonObject AlreadyCard(FlowTurn turn, int number, SignOffDecision decision) =>
        AdaptiveCard.Card([AdaptiveCard.Text(turn.T("signoff.alreadyDecided", number, SignOffCard.Outcome(decision, turn.Language)), TextStyle.Heading)]);

    private static string NotCompletedText(FlowTurn turn, RectificationTask task, SignOffDecision? latest) =>
        latest is { Verdict: SignOffVerdict.SentBack } && task.Status != RectificationStatus.SignedOff
            ? turn.T("signoff.notCompletedSentBack", task.Number, turn.T($"status.{task.Status}"), task.PercentComplete, SignOffCard.Outcome(latest, turn.Language))
            : turn.T("signoff.notCompleted", task.Number, turn.T($"status.{task.Status}"), task.PercentComplete);

    private async Task<BotReply> RefusedAsync(FlowTurn turn, string action, int number, string source, string why, string message, CancellationToken cancellationToken)
    {
        await AuditRefusedAsync(turn, action, number, source, why, cancellationToken);
        LogRefused(logger, turn.Person.Key, number, why);
        return BotReply.Send(Replies.Text(message));
    }

    private Task AuditRefusedAsync(FlowTurn turn, string action, int number, string source, string why, CancellationToken cancellationToken) =>
        audit.RecordAsync(AuditActor.Of(turn.Person), action, number, subject: source, details: why, refused: true, key: $"{action}:refused:{source}:{why}", cancellationToken: cancellationToken);

    private static string Numbers(FlowTurn turn, IEnumerable<RectificationTask> tasks) =>
        string.Join(turn.T("escalation.separator"), tasks.Select(t => turn.T("task.title", t.Number)));

    private static string Clip(string reason) => reason.Length <= SignOffCard.MaxReason ? reason : reason[..SignOffCard.MaxReason];

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskNumber}: {Verdict} by {UserId}")]
    private static partial void LogDecided(ILogger logger, int taskNumber, SignOffVerdict verdict, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a sign-off action by {UserId} on task {TaskNumber}: {Why}")]
    private static partial void LogRefused(ILogger logger, string userId, int taskNumber, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sign-off decision on task {TaskNumber} by {UserId} was not saved")]
    private static partial void LogNotSaved(ILogger logger, Exception exception, int taskNumber, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unit of task {TaskNumber} was not told of send-back {DecisionId}")]
    private static partial void LogNotTold(ILogger logger, Exception exception, int taskNumber, string decisionId);
}
