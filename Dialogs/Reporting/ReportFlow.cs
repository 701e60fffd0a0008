using System.Text;
using RectifyBot.Cards.Report;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs.Reporting;

/// <summary>
/// The text-only progress report, one question per turn, for clients that show no cards: status, percent, (reason),
/// summary, next steps, measures, expected date, evidence, then confirm. Answers are checked by the same
/// <see cref="ReportValidator"/> as the form.
/// </summary>
public sealed class ReportFlow(ReportService reports) : IFlow
{
    public const string FlowName = "report";
    public const string TaskKey = "task";
    public const string MeasureCountKey = "measureCount";
    public const string LastPercentKey = "lastPercent";
    public const string OnBehalfKey = "onBehalf";
    private const string ConfirmStep = "confirm";

    private static readonly HashSet<string> SkipWords = new(StringComparer.OrdinalIgnoreCase) { "无", "没有", "跳过", "略", "暂无", "skip", "none", "no", "n/a", "-", "—" };
    private static readonly HashSet<string> YesWords = new(StringComparer.OrdinalIgnoreCase) { "确认", "确定", "是", "好", "保存", "提交", "可以", "yes", "y", "ok", "okay", "confirm", "save", "submit" };
    private static readonly HashSet<string> EditWords = new(StringComparer.OrdinalIgnoreCase) { "修改", "重填", "重新填写", "edit", "change", "redo" };

    public string Name => FlowName;

    public IReadOnlyList<FlowStep> Steps { get; } =
    [
        new(ReportFields.StatusId, (t, s) => t.T("ask.status", s.Get(TaskKey)), (t, s, a) => StatusReader.Read(a) is { } status && ReportFormCard.StatusChoices.Contains(status) ? StepAnswer.Accept(status.ToString()) : StepAnswer.Reject(t.T("error.status"))),
        new(ReportFields.PercentId, (t, _) => t.T("ask.percent"), (t, s, a) => CheckField(t, s, ReportFields.PercentId, a, ReportValidator.PercentOf(a)?.ToString())),
        new(ReportFields.ReasonId, (t, s) => t.T("ask.reason", s.Get(LastPercentKey), s.Get(ReportFields.PercentId)), (t, s, a) => CheckField(t, s, ReportFields.ReasonId, a)) { When = NeedsReason, FreeText = true },
        new(ReportFields.SummaryId, (t, _) => t.T("ask.summary"), (t, s, a) => CheckField(t, s, ReportFields.SummaryId, a)) { FreeText = true },
        new(ReportFields.NextStepsId, (t, _) => t.T("ask.nextSteps"), (t, s, a) => CheckField(t, s, ReportFields.NextStepsId, Skip(a))) { FreeText = true },
        new(ReportFields.MeasuresDoneId, AskMeasures, (t, s, a) => CheckField(t, s, ReportFields.MeasuresDoneId, Skip(a))) { When = s => s.Get(MeasureCountKey) is not ("" or "0"), FreeText = true },
        new(ReportFields.ExpectedId, (t, _) => t.T("ask.expected"), (t, s, a) => CheckField(t, s, ReportFields.ExpectedId, Skip(a))) { FreeText = true },
        new(ReportFields.EvidenceId, (t, _) => t.T("ask.evidence"), (t, s, a) => CheckField(t, s, ReportFields.EvidenceId, Skip(a))) { FreeText = true },
        new(ConfirmStep, AskConfirm, (t, _, a) => YesWords.Contains(a.TrimEnd('。', '.', '!', '！')) ? StepAnswer.Accept("yes")
            : EditWords.Contains(a.TrimEnd('。', '.', '!', '！')) ? StepAnswer.Accept("edit") : StepAnswer.Reject(t.T("ask.confirmAgain"))),
    ];

    public async Task<FlowEnd> CompleteAsync(FlowTurn turn, FlowState state, CancellationToken cancellationToken)
    {
        if (state.Get(ConfirmStep) == "edit")
        {
            state.Values.Remove(ConfirmStep);
            state.Step = ReportFields.StatusId;
            await turn.Context.SendAsync(turn.T("ask.status", state.Get(TaskKey)), cancellationToken);
            return new FlowEnd(false, ReportFields.StatusId);
        }
        var number = int.Parse(state.Get(TaskKey));
        var result = await reports.SubmitAsync(turn.Person, number, FieldsOf(state), "flow:" + state.Id, turn.Language, cancellationToken);
        switch (result.Outcome)
        {
            case SubmitOutcome.Saved:
            case SubmitOutcome.AlreadySaved:
                if (result.Outcome == SubmitOutcome.Saved)
                {
                    TurnFacts.MarkReportSaved(turn.Context);
                }
                var kind = result.Outcome == SubmitOutcome.Saved ? ReportResultKind.Saved : ReportResultKind.AlreadySaved;
                await turn.Context.SendActivityAsync(Replies.Card(ReportResultCard.Build(kind, number, result.Report, turn.Language),
                    turn.T(kind == ReportResultKind.Saved ? "result.saved" : "result.alreadyText", number, result.Report!.Period)), cancellationToken);
                return new FlowEnd(true);
            case SubmitOutcome.Invalid:
                // The task changed while the user answered (another report landed): ask again what no longer holds.
                var (field, error) = result.Errors.First();
                state.Values.Remove(ConfirmStep);
                if (result.LastReport is { } last)
                {
                    state.Values[LastPercentKey] = last.PercentComplete.ToString();
                }
                state.Step = field;
                await turn.Context.SendAsync(error + "\n\n" + Steps.First(s => s.Name == field).Prompt(turn, state), cancellationToken);
                return new FlowEnd(false, field);
            case SubmitOutcome.Refused:
                await turn.Context.SendAsync(turn.T("report.refusedNow", number), cancellationToken);
                return new FlowEnd(true);
            case SubmitOutcome.Queued:
                TurnFacts.MarkReportSaved(turn.Context);
                await turn.Context.SendActivityAsync(Replies.Card(ReportResultCard.Build(ReportResultKind.Queued, number, result.Report, turn.Language), turn.T("result.queued", number)), cancellationToken);
                return new FlowEnd(true);
            case SubmitOutcome.TaskNotFound:
                await turn.Context.SendAsync(turn.T("report.taskGone", number), cancellationToken);
                return new FlowEnd(true);
            default:
                state.Values.Remove(ConfirmStep);
                await turn.Context.SendAsync(turn.T("report.notSavedText"), cancellationToken);
                return new FlowEnd(false, ConfirmStep);
        }
    }

    /// <summary>The answers so far as report fields.</summary>
    public static ReportFields FieldsOf(FlowState state) => new()
    {
        Status = state.Get(ReportFields.StatusId),
        Percent = state.Get(ReportFields.PercentId),
        Summary = state.Get(ReportFields.SummaryId),
        NextSteps = state.Get(ReportFields.NextStepsId),
        MeasuresDone = state.Get(ReportFields.MeasuresDoneId),
        Expected = state.Get(ReportFields.ExpectedId),
        Evidence = state.Get(ReportFields.EvidenceId),
        Reason = state.Get(ReportFields.ReasonId),
    };

    private static bool NeedsReason(FlowState state) =>
        int.TryParse(state.Get(LastPercentKey), out var last) && int.TryParse(state.Get(ReportFields.PercentId), out var now) && now < last;

    private static string Skip(string answer) => SkipWords.Contains(answer.TrimEnd('。', '.')) ? "" : answer;

    /// <summary>Checks one answer with the form's validator, looking only at that field's verdict.</summary>
    private static StepAnswer CheckField(FlowTurn turn, FlowState state, string field, string answer) => CheckField(turn, state, field, answer, answer);

    private static StepAnswer CheckField(FlowTurn turn, FlowState state, string field, string answer, string? normalized)
    {
        var fields = FieldsOf(state);
        var value = normalized ?? answer;
        fields = field switch
        {
            ReportFields.PercentId => fields with { Percent = value, Reason = "-" },
            ReportFields.ReasonId => fields with { Reason = value },
            ReportFields.SummaryId => fields with { Summary = value },
            ReportFields.NextStepsId => fields with { NextSteps = value },
            ReportFields.MeasuresDoneId => fields with { MeasuresDone = value },
            ReportFields.ExpectedId => fields with { Expected = value },
            _ => fields with { Evidence = value },
        };
        var task = new RectificationTask
        {
            Number = int.Parse(state.Get(TaskKey)),
            Problem = "",
            Deadline = Deadline.Unknown(""),
            Measures = Enumerable.Repeat("", int.TryParse(state.Get(MeasureCountKey), out var m) ? m : 0).ToList(),
        };
        var last = int.TryParse(state.Get(LastPercentKey), out var lp) ? new ProgressReport
        {
            Id = "", TaskNumber = task.Number, Unit = "", ReporterId = "", ReporterName = "", ReportedAt = default, Period = "",
            Status = RectificationStatus.InProgress, PercentComplete = lp, Summary = "", SourceId = "",
        } : null;
        if (field == ReportFields.PercentId && normalized is null)
        {
            return StepAnswer.Reject(turn.T("error.percent"));
        }
        var errors = ReportValidator.Validate(fields, task, last, turn.Today, turn.Language).Errors;
        return errors.TryGetValue(field, out var error) ? StepAnswer.Reject(error) : StepAnswer.Accept(value);
    }

    private static string AskMeasures(FlowTurn turn, FlowState state) => turn.T("ask.measures", state.Get(MeasureCountKey));

    private static string AskConfirm(FlowTurn turn, FlowState state)
    {
        var fields = FieldsOf(state);
        var sb = new StringBuilder(turn.T("ask.confirm", state.Get(TaskKey))).Append("\n\n");
        var status = Enum.TryParse<RectificationStatus>(fields.Status, out var s) ? turn.T($"status.{s}") : fields.Status;
        sb.Append("- ").Append(turn.T("form.status")).Append(": ").Append(status).Append(" · ").Append(fields.Percent).Append("%\n");
        sb.Append("- ").Append(turn.T("form.summary")).Append(": ").Append(Cards.Markdown.Escape(fields.Summary)).Append('\n');
        foreach (var (key, value) in new[] { ("form.nextSteps", fields.NextSteps), ("form.measures", fields.MeasuresDone), ("form.expected", fields.Expected), ("form.evidence", fields.Evidence), ("form.reasonShort", fields.Reason) })
        {
            if (value.Length > 0)
            {
                sb.Append("- ").Append(turn.T(key)).Append(": ").Append(Cards.Markdown.Escape(value.Replace('\n', ' '))).Append('\n');
            }
        }
        return sb.Append('\n').Append(turn.T("ask.confirmHow")).ToString();
    }
}
