using System.Text;
using Microsoft.Bot.Builder;
using RectifyBot.Cards;
using RectifyBot.Cards.Report;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Reporting;

/// <summary>What the person said on the confirm step.</summary>
public enum ReportChoice
{
    None,
    Save,
    Edit,
}

/// <summary>A text-path report in progress: the task it is for, what the checks need to know, and the answers so far, typed.</summary>
public sealed class ReportDraft : FlowState
{
    public int TaskNumber { get; set; }
    public int MeasureCount { get; set; }
    public int? LastPercent { get; set; }
    public DateOnly ExpectedFrom { get; set; }
    public DateOnly ExpectedTo { get; set; }

    /// <summary>The task is long-term (长期坚持): "长期坚持, ongoing" answer the status as done for now.</summary>
    public bool LongTerm { get; set; }

    public RectificationStatus? Status { get; set; }
    public int? Percent { get; set; }
    public string Reason { get; set; } = "";
    public string Summary { get; set; } = "";
    public string NextSteps { get; set; } = "";
    public List<int> MeasuresDone { get; set; } = [];
    public string ExpectedText { get; set; } = "";
    public List<string> Evidence { get; set; } = [];
    public ReportChoice Choice { get; set; }

    /// <summary>The answers as the report's fields, for the same check at the write as a form gets.</summary>
    public ReportFields ToFields() => new()
    {
        Status = Status?.ToString() ?? "",
        Percent = Percent?.ToString() ?? "",
        Reason = Reason,
        Summary = Summary,
        NextSteps = NextSteps,
        MeasuresDone = string.Join(",", MeasuresDone),
        Expected = ExpectedText,
        Evidence = string.Join("\n", Evidence),
    };
}

/// <summary>
/// The text-only progress report, one question per turn, for clients that show no cards: status, percent, (reason),
/// summary, next steps, measures, expected date, evidence, then confirm. Each answer is checked by the same per-field
/// validators as the form; the whole report is checked again, and the person authorized again, when it is written.
/// </summary>
public sealed class ReportFlow(ReportService reports, PrivateConversationState conversationState, TimeProvider time) : StepFlow<ReportDraft>(conversationState, time)
{
    public const string FlowName = "report";
    private const string ConfirmStep = "confirm";

    private static readonly HashSet<string> SkipWords = new(StringComparer.OrdinalIgnoreCase) { "无", "没有", "跳过", "略", "暂无", "skip", "none", "no", "n/a", "-", "—" };
    private static readonly HashSet<string> YesWords = new(StringComparer.OrdinalIgnoreCase) { "确认", "确定", "是", "好", "保存", "提交", "可以", "yes", "y", "ok", "okay", "confirm", "save", "submit" };
    private static readonly HashSet<string> EditWords = new(StringComparer.OrdinalIgnoreCase) { "修改", "重填", "重新填写", "edit", "change", "redo" };

    public override string Name => FlowName;

    protected override IReadOnlyList<FlowStep<ReportDraft>> Steps { get; } =
    [
        new(ReportFields.StatusId, (t, d) => t.T("ask.status", d.TaskNumber), (t, d, a) => Keep(t, ReportValidator.Status(a, d.LongTerm), v => d.Status = v)),
        new(ReportFields.PercentId, (t, _) => t.T("ask.percent"), (t, d, a) => Keep(t, ReportValidator.Percent(a, d.Status), v => d.Percent = v)),
        new(ReportFields.ReasonId, (t, d) => t.T("ask.reason", d.LastPercent, d.Percent), (t, d, a) => Keep(t, ReportValidator.Reason(a, d.Percent ?? 0, d.LastPercent), v => d.Reason = v))
        {
            When = d => d.Percent < d.LastPercent,
            FreeText = true,
        },
        new(ReportFields.SummaryId, (t, _) => t.T("ask.summary"), (t, d, a) => Keep(t, ReportValidator.Summary(a), v => d.Summary = v)) { FreeText = true },
        new(ReportFields.NextStepsId, (t, _) => t.T("ask.nextSteps"), (t, d, a) => Keep(t, ReportValidator.NextSteps(Skip(a)), v => d.NextSteps = v)) { FreeText = true },
        new(ReportFields.MeasuresDoneId, (t, d) => t.T("ask.measures", d.MeasureCount), (t, d, a) => Keep(t, ReportValidator.Measures(Skip(a), d.MeasureCount), v => d.MeasuresDone = [.. v]))
        {
            When = d => d.MeasureCount > 0,
            FreeText = true,
        },
        new(ReportFields.ExpectedId, (t, _) => t.T("ask.expected"), (t, d, a) => Keep(t, ReportValidator.Expected(Skip(a), t.Today, (d.ExpectedFrom, d.ExpectedTo)), v => d.ExpectedText = v.Text)) { FreeText = true },
        new(ReportFields.EvidenceId, (t, _) => t.T("ask.evidence"), (t, d, a) => Keep(t, ReportValidator.Evidence(Skip(a)), v => d.Evidence = [.. v])) { FreeText = true },
        new(ConfirmStep, AskConfirm, (t, d, a) => Word(a) is var word && YesWords.Contains(word) ? Choose(d, ReportChoice.Save)
            : EditWords.Contains(word) ? Choose(d, ReportChoice.Edit) : t.T("ask.confirmAgain")),
    ];

    /// <summary>Starts the text path for a task the person may report on; returns its first question.</summary>
    public Task<string> StartAsync(FlowTurn turn, RectificationTask task, ProgressReport? last, CancellationToken cancellationToken)
    {
        var (from, to) = ReportRules.ExpectedDateRange(task, turn.Today);
        var draft = new ReportDraft { TaskNumber = task.Number, MeasureCount = task.Measures.Count, LastPercent = last?.PercentComplete, ExpectedFrom = from, ExpectedTo = to, LongTerm = task.Deadline.Kind == DeadlineKind.LongTerm };
        return BeginAsync(turn, draft, cancellationToken);
    }

    protected override async Task<FlowEnd> CompleteAsync(FlowTurn turn, ReportDraft draft, CancellationToken cancellationToken)
    {
        var number = draft.TaskNumber;
        if (draft.Choice == ReportChoice.Edit)
        {
            draft.Choice = ReportChoice.None;
            await AskAsync(turn, draft, ReportFields.StatusId, null, cancellationToken);
            return new FlowEnd(false, ReportFields.StatusId);
        }
        draft.Choice = ReportChoice.None;
        var result = await reports.SubmitAsync(turn.Person, number, draft.ToFields(), "flow:" + draft.Id, cancellationToken);
        switch (result.Outcome)
        {
            case SubmitOutcome.Saved:
            case SubmitOutcome.AlreadySaved:
            case SubmitOutcome.Queued:
                var kind = result.Outcome switch { SubmitOutcome.Saved => ReportResultKind.Saved, SubmitOutcome.Queued => ReportResultKind.Queued, _ => ReportResultKind.AlreadySaved };
                var text = kind switch
                {
                    ReportResultKind.Saved => turn.T("result.saved", number, result.Report!.Period),
                    ReportResultKind.Queued => turn.T("result.queued", number),
                    _ => turn.T("result.alreadyText", number, result.Report!.Period),
                };
                if (kind != ReportResultKind.AlreadySaved)
                {
                    TurnFacts.MarkReportSaved(turn.Context);
                }
                await turn.Context.SendActivityAsync(Replies.Card(ReportResultCard.Build(kind, number, result.Report, turn.Language), text), cancellationToken);
                return new FlowEnd(true);
            case SubmitOutcome.Invalid:
                // The task changed while the person answered (another report landed): ask again what no longer holds.
                var (field, error) = result.Errors.First();
                draft.LastPercent = result.LastReport?.PercentComplete;
                var step = Steps.Any(s => s.Name == field) ? field : ReportFields.StatusId;
                await AskAsync(turn, draft, step, Localizer.Get(turn.Language, error), cancellationToken);
                return new FlowEnd(false, step);
            case SubmitOutcome.Refused:
                await turn.Context.SendAsync(turn.T("report.refusedNow", number), cancellationToken);
                return new FlowEnd(true);
            case SubmitOutcome.TaskNotFound:
                await turn.Context.SendAsync(turn.T("report.taskGone", number), cancellationToken);
                return new FlowEnd(true);
            default:
                await turn.Context.SendAsync(turn.T("report.notSavedText"), cancellationToken);
                return new FlowEnd(false, ConfirmStep);
        }
    }

    /// <summary>Keeps a checked value, or says why it was refused.</summary>
    private static string? Keep<T>(FlowTurn turn, Checked<T> check, Action<T> keep)
    {
        if (check.Error is { } error)
        {
            return Localizer.Get(turn.Language, error);
        }
        keep(check.Value);
        return null;
    }

    private static string? Choose(ReportDraft draft, ReportChoice choice)
    {
        draft.Choice = choice;
        return null;
    }

    private static string Word(string answer) => answer.TrimEnd('。', '.', '!', '！');

    private static string Skip(string answer) => SkipWords.Contains(answer.TrimEnd('。', '.')) ? "" : answer;

    private static string AskConfirm(FlowTurn turn, ReportDraft draft)
    {
        var fields = draft.ToFields();
        var sb = new StringBuilder(turn.T("ask.confirm", draft.TaskNumber)).Append("\n\n");
        var status = draft.Status is { } s ? turn.T($"status.{s}") : "";
        sb.Append("- ").Append(turn.T("form.status")).Append(": ").Append(status).Append(" · ").Append(fields.Percent).Append("%\n");
        sb.Append("- ").Append(turn.T("form.summary")).Append(": ").Append(Markdown.Escape(fields.Summary)).Append('\n');
        foreach (var (key, value) in new[] { ("form.nextSteps", fields.NextSteps), ("form.measures", fields.MeasuresDone), ("form.expected", fields.Expected), ("form.evidence", fields.Evidence), ("form.reasonShort", fields.Reason) })
        {
            if (value.Length > 0)
            {
                sb.Append("- ").Append(turn.T(key)).Append(": ").Append(Markdown.Escape(value.Replace('\n', ' '))).Append('\n');
            }
        }
        return sb.Append('\n').Append(turn.T("ask.confirmHow")).ToString();
    }
}
