using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Report;

/// <summary>What the report form shows: the task, its last report, the fields so far and any errors beside them.</summary>
public sealed record ReportForm(RectificationTask Task, DateOnly Today, ProgressReport? LastReport, ReportFields Values, string CardId, bool OnBehalf)
{
    /// <summary>Field id to the message shown under that field.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>A message over the whole form (e.g. the report could not be saved).</summary>
    public string? Banner { get; init; }
}

/// <summary>The progress report form: status, percent, this period's work, next steps, measures, expected date, evidence.</summary>
public static class ReportFormCard
{
    public static JsonObject Build(ReportForm form, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var task = form.Task;
        var body = new List<JsonNode?>
        {
            Text(T("form.title", task.Number) + (form.OnBehalf ? T("report.onBehalf") : ""), TextStyle.Title),
            Text(Plain(Clip(task.Problem, 160)), TextStyle.Subtle),
            Facts(
            [
                (T("task.deadline"), Plain(task.Deadline.Text) + " " + TaskCountdown.Text(task, form.Today, language)),
                (T("form.last"), form.LastReport is { } last ? ReportText.Describe(last, language) : T("task.none")),
            ]),
        };
        if (form.Banner is not null)
        {
            body.Add(Container([Text(form.Banner, TextStyle.Heading, "attention")], "attention"));
        }
        if (form.Errors.Count > 0)
        {
            body.Add(Text(T("form.fix"), color: "attention"));
        }

        var values = form.Values;
        void Field(JsonObject input, string id)
        {
            body.Add(input);
            if (form.Errors.TryGetValue(id, out var error))
            {
                body.Add(Text("⚠ " + Plain(error), TextStyle.Default, "attention")); // errors quote what the user typed
            }
        }
        Field(Choices(ReportFields.StatusId, T("form.status"), values.Status,
            ReportRules.StatusChoices.Select(s => (s.ToString(), T($"status.{s}"))), required: true, errorMessage: T("form.statusRequired")), ReportFields.StatusId);
        Field(NumberInput(ReportFields.PercentId, T("form.percent"), int.TryParse(values.Percent, out var p) ? p : null, 0, 100, required: true, errorMessage: T("form.percentRequired")), ReportFields.PercentId);
        if (form.LastReport is { } previous)
        {
            Field(TextInput(ReportFields.ReasonId, T("form.reason", previous.PercentComplete), values.Reason, ReportRules.MaxReason), ReportFields.ReasonId);
        }
        Field(TextInput(ReportFields.SummaryId, T("form.summary"), values.Summary, ReportRules.MaxSummary, multiline: true, T("form.summaryHint"), required: true, errorMessage: T("form.summaryRequired")), ReportFields.SummaryId);
        Field(TextInput(ReportFields.NextStepsId, T("form.nextSteps"), values.NextSteps, ReportRules.MaxNextSteps, multiline: true), ReportFields.NextStepsId);
        if (task.Measures.Count > 0)
        {
            Field(Choices(ReportFields.MeasuresDoneId, T("form.measures"), values.MeasuresDone,
                task.Measures.Select((m, i) => ((i + 1).ToString(), T("form.measureTitle", i + 1, Clip(m, 80)))), multiSelect: true), ReportFields.MeasuresDoneId);
        }
        Field(TextInput(ReportFields.ExpectedId, T("form.expected"), values.Expected, ReportRules.MaxExpected, placeholder: T("form.expectedHint")), ReportFields.ExpectedId);
        Field(TextInput(ReportFields.EvidenceId, T("form.evidence"), values.Evidence, ReportRules.MaxEvidence, multiline: true, T("form.evidenceHint")), ReportFields.EvidenceId);

        var data = new JsonObject { ["task"] = task.Number, ["version"] = task.Version, ["cardId"] = form.CardId };
        return Card(body,
        [
            Execute(T("form.submit"), CardVerbs.ReportSubmit, data, primary: true),
            Execute(T("action.cancel"), CardVerbs.ReportCancel, new JsonObject { ["task"] = task.Number, ["cardId"] = form.CardId }),
        ]);
    }
}
