using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Cards.Report;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Reporting;

/// <summary>
/// Reporting progress: the form card (with the text-only flow started beside it), the one-sentence report's review card,
/// and the card actions that submit, confirm, edit or cancel. Every submission is checked against the directory and the
/// store, never against what the card says about the user.
/// </summary>
public sealed partial class ReportConversation(ITaskStore store, ReportService reports, ReportFlow flow, UnitMatcher matcher, ILogger<ReportConversation> logger)
{
    /// <summary>Opens the form for a task (or the picker when there is no such task) and starts the text flow beside it; true when it started.</summary>
    public async Task<bool> StartAsync(FlowTurn turn, int? number, CancellationToken cancellationToken)
    {
        var task = number is { } n ? await store.GetTaskAsync(n, cancellationToken) : null;
        if (task is null)
        {
            await turn.Context.SendActivityAsync(await PickerAsync(turn, number, cancellationToken), cancellationToken);
            return false;
        }
        if (await RefuseAsync(turn, task, cancellationToken) is not { } right)
        {
            return false;
        }
        var last = await store.LastReportAsync(task.Number, cancellationToken);
        var form = new ReportForm(task, turn.Today, last, Prefill(last), NewCardId(), right == ReportRight.OnBehalf);
        var prompt = await flow.StartAsync(turn, task, last, cancellationToken);
        await turn.Context.SendActivityAsync(Replies.Card(ReportFormCard.Build(form, turn.Language), turn.T("form.textHint") + "\n\n" + prompt), cancellationToken);
        return true;
    }

    /// <summary>任务3进展：已完成60%，…: a review card of what was understood, or the form when the percent or status is missing.</summary>
    public async Task OneSentenceAsync(FlowTurn turn, int number, string text, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(number, cancellationToken);
        if (task is null)
        {
            await turn.Context.SendActivityAsync(await PickerAsync(turn, number, cancellationToken), cancellationToken);
            return;
        }
        if (await RefuseAsync(turn, task, cancellationToken) is not { } right)
        {
            return;
        }
        var fields = OneSentenceReader.Read(text, task.Deadline.Kind == DeadlineKind.LongTerm);
        var last = await store.LastReportAsync(task.Number, cancellationToken);
        var validation = ReportValidator.Validate(fields, task, last, turn.Today);
        if (!validation.IsValid)
        {
            var shown = fields.WithoutInvisible() with { MeasuresDone = last is null ? "" : string.Join(",", last.MeasuresDone) };
            var form = new ReportForm(task, turn.Today, last, shown, NewCardId(), right == ReportRight.OnBehalf) { Errors = Localizer.Get(turn.Language, validation.Errors) };
            await turn.Context.SendActivityAsync(Replies.Card(ReportFormCard.Build(form, turn.Language), turn.T("review.incomplete")), cancellationToken);
            return;
        }
        var review = new ReportReview(task.Number, task.Version, task.Problem, fields, NewCardId(), right == ReportRight.OnBehalf);
        await turn.Context.SendActivityAsync(Replies.Card(ReportReviewCard.Build(review, turn.Language), turn.T("review.text", number, fields.Percent)), cancellationToken);
    }

    /// <summary>report.open: the form for a task, as a new message.</summary>
    public async Task<BotReply> OpenAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var task = data.Number("task") is { } n and > 0 and < int.MaxValue ? await store.GetTaskAsync((int)n, cancellationToken) : null;
        if (task is null)
        {
            return BotReply.Send(await PickerAsync(turn, (int?)data.Number("task"), cancellationToken));
        }
        if (await RefuseAsync(turn, task, cancellationToken) is not { } right)
        {
            return BotReply.Send();
        }
        var last = await store.LastReportAsync(task.Number, cancellationToken);
        return BotReply.Send(Replies.Card(ReportFormCard.Build(new ReportForm(task, turn.Today, last, Prefill(last), NewCardId(), right == ReportRight.OnBehalf), turn.Language)));
    }

    /// <summary>report.submit / report.confirm: validate and store once per card; errors bring the form back with the input kept.</summary>
    public async Task<BotReply> SubmitAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        if (data.CardId is not { } cardId || data.Number("task") is not { } n || n is < 1 or > int.MaxValue)
        {
            return BotReply.BadData("no card id or task");
        }
        var number = (int)n;
        var fields = data.Fields;
        var task = await store.GetTaskAsync(number, cancellationToken);
        if (task is null)
        {
            return BotReply.Send(Replies.Text(turn.T("report.taskGone", number)));
        }
        if (data.Number("version") > task.Version)
        {
            return BotReply.BadData("a task version this task never had"); // no card of ours showed it
        }
        if (await RefuseAsync(turn, task, cancellationToken) is not { } right)
        {
            await reports.RecordRefusedAsync(turn.Person, number, CardSource(cardId, turn.Person, number), cancellationToken);
            return BotReply.Send();
        }
        var result = await reports.SubmitAsync(turn.Person, number, fields, CardSource(cardId, turn.Person, number), cancellationToken, data.Number("version"));
        switch (result.Outcome)
        {
            case SubmitOutcome.Saved:
                TurnFacts.MarkReportSaved(turn.Context);
                var note = result.ChangedSinceShown && result.LastReport is { } between
                    ? turn.T("result.changedSinceShown", number, Cards.Markdown.Escape(between.ReporterName), between.PercentComplete) : null;
                return BotReply.Replace(ReportResultCard.Build(ReportResultKind.Saved, number, result.Report, turn.Language, note));
            case SubmitOutcome.AlreadySaved:
                return BotReply.Replace(ReportResultCard.Build(ReportResultKind.AlreadySaved, number, result.Report, turn.Language));
            case SubmitOutcome.Queued:
                TurnFacts.MarkReportSaved(turn.Context);
                return BotReply.Replace(ReportResultCard.Build(ReportResultKind.Queued, number, result.Report, turn.Language));
            case SubmitOutcome.TaskNotFound:
                return BotReply.Send(Replies.Text(turn.T("report.taskGone", number)));
            case SubmitOutcome.Refused:
                await RefuseAsync(turn, result.Task!, cancellationToken);
                return BotReply.Send();
            case SubmitOutcome.Invalid:
                var errors = Localizer.Get(turn.Language, result.Errors);
                return BotReply.Replace(ReportFormCard.Build(new ReportForm(result.Task!, turn.Today, result.LastReport, fields.WithoutInvisible(), cardId, right == ReportRight.OnBehalf) { Errors = errors }, turn.Language));
            default:
                var last = await TryLastReportAsync(number, cancellationToken);
                return BotReply.Replace(ReportFormCard.Build(new ReportForm(task, turn.Today, last, fields, cardId, right == ReportRight.OnBehalf) { Banner = turn.T("report.notSaved") }, turn.Language));
        }
    }

    /// <summary>report.edit: the review becomes the full form, with what was understood filled in.</summary>
    public async Task<BotReply> EditAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var task = data.Number("task") is { } n and > 0 and < int.MaxValue ? await store.GetTaskAsync((int)n, cancellationToken) : null;
        if (task is null || data.CardId is not { } cardId)
        {
            return BotReply.BadData("no card id or task");
        }
        if (await RefuseAsync(turn, task, cancellationToken) is not { } right)
        {
            return BotReply.Send();
        }
        var last = await store.LastReportAsync(task.Number, cancellationToken);
        return BotReply.Replace(ReportFormCard.Build(new ReportForm(task, turn.Today, last, data.Fields, cardId, right == ReportRight.OnBehalf), turn.Language));
    }

    public static BotReply Cancel(FlowTurn turn, CardData data) =>
        data.Number("task") is { } n and > 0 and < int.MaxValue
            ? BotReply.Replace(ReportResultCard.Build(ReportResultKind.Cancelled, (int)n, null, turn.Language))
            : BotReply.BadData("no task");

    /// <summary>The person's open tasks to pick from (all open tasks for a leader), one page.</summary>
    public async Task<IMessageActivity> PickerAsync(FlowTurn turn, int? missing, CancellationToken cancellationToken) =>
        (await TasksAsync(turn, missing, 0, mine: false, cancellationToken)).Message;

    /// <summary>"My tasks": the person's open tasks (all open tasks for a leader), a page from <paramref name="offset"/>.</summary>
    public Task<ListReply> MyTasksAsync(FlowTurn turn, int offset, CancellationToken cancellationToken) =>
        TasksAsync(turn, null, offset, mine: true, cancellationToken);

    private async Task<ListReply> TasksAsync(FlowTurn turn, int? missing, int offset, bool mine, CancellationToken cancellationToken)
    {
        var query = turn.Person.Role == PersonRole.Leader ? new TaskQuery { OpenOnly = true } : new TaskQuery { OpenOnly = true, Unit = turn.Person.Unit };
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(query, p, ct), cancellationToken);
        var title = !mine ? turn.T("picker.title") : turn.Person.Role == PersonRole.Leader ? turn.T("picker.all") : turn.T("picker.mine", turn.Person.Unit);
        var message = mine ? null : missing is { } n ? turn.T("report.noSuchTask", n) : turn.T("report.pick");
        var picker = new TaskPicker(title, message, tasks.Skip(offset).Take(TaskPickerCard.PageSize).ToList(), offset, tasks.Count, turn.Today);
        return new ListReply(Replies.Card(TaskPickerCard.Build(picker, turn.Language), message), SupervisionQueries.Continue(CardVerbs.TasksPage, [], picker.NextOffset));
    }

    /// <summary>The person's right to report on the task; a refusal is told (with who is responsible) and logged.</summary>
    private async Task<ReportRight?> RefuseAsync(FlowTurn turn, RectificationTask task, CancellationToken cancellationToken)
    {
        var right = ReportPermission.Check(turn.Person, task, matcher);
        if (right != ReportRight.Refused)
        {
            return right;
        }
        LogRefused(logger, turn.Person.Key, turn.Person.Unit, task.Number);
        var units = string.Join("、", task.AllUnitNames.Take(12)) + (task.AllUnitNames.Count() > 12 ? "…" : "");
        await turn.Context.SendAsync(turn.T("report.refused", task.Number, Cards.Markdown.Escape(turn.Person.Unit), Cards.Markdown.Escape(units.Length > 0 ? units : turn.T("task.none"))), cancellationToken);
        return null;
    }

    /// <summary>
    /// A card submission's key: the card, the person submitting it and the task. Card ids are visible to everyone in a
    /// group chat; bound to the person, a card can only ever store the report of whoever submits it, once.
    /// </summary>
    public static string CardSource(string cardId, Person person, int task) => $"card:{cardId}:{person.Key}:{task}";

    /// <summary>The last report for a form shown after a store failure; that form can go without it.</summary>
    private async Task<ProgressReport?> TryLastReportAsync(int number, CancellationToken cancellationToken)
    {
        try
        {
            return await store.LastReportAsync(number, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogLastReportUnavailable(logger, e, number);
            return null;
        }
    }

    /// <summary>A new form starts from the last report's status, percent, measures and expected date; this period's work is new.</summary>
    private static ReportFields Prefill(ProgressReport? last) => last is null ? new ReportFields { Status = nameof(RectificationStatus.InProgress) } : new ReportFields
    {
        Status = last.Status.ToString(),
        Percent = last.PercentComplete.ToString(),
        MeasuresDone = string.Join(",", last.MeasuresDone),
        Expected = last.ExpectedCompletionText,
    };

    private static string NewCardId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the last report of task {TaskNumber} for the form shown after a failed save")]
    private static partial void LogLastReportUnavailable(ILogger logger, Exception exception, int taskNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a report by {UserId} of {Unit} on task {TaskNumber}: not the unit's task")]
    private static partial void LogRefused(ILogger logger, string userId, string unit, int taskNumber);
}
