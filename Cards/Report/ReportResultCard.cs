using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Report;

public enum ReportResultKind
{
    /// <summary>Stored now.</summary>
    Saved,
    /// <summary>The same card or message was stored before; nothing new was written.</summary>
    AlreadySaved,
    /// <summary>The user cancelled; nothing was written.</summary>
    Cancelled,
    /// <summary>Accepted, but the shared store could not be written yet: kept in the outbox, saved automatically.</summary>
    Queued,
}

/// <summary>The card that replaces a report form once it is saved, found saved before, or cancelled.</summary>
public static class ReportResultCard
{
    /// <param name="note">A line under the heading (e.g. the task changed while the form was open), already escaped.</param>
    public static JsonObject Build(ReportResultKind kind, int taskNumber, ProgressReport? report, Language language, string? note = null)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?>();
        switch (kind)
        {
            case ReportResultKind.Saved:
                body.Add(Container([Text("✅ " + T("result.saved", taskNumber, report!.Period), TextStyle.Heading, "good")], "good"));
                break;
            case ReportResultKind.AlreadySaved:
                body.Add(Container([Text(T("result.already", taskNumber, PlanClock.ToPlanTime(report!.ReportedAt).ToString("yyyy-MM-dd HH:mm")), TextStyle.Heading)], "emphasis"));
                break;
            case ReportResultKind.Queued:
                body.Add(Container([Text("⏳ " + T("result.queued", taskNumber), TextStyle.Heading, "warning")], "warning"));
                break;
            default:
                body.Add(Text(T("result.cancelled", taskNumber), TextStyle.Heading));
                break;
        }
        if (note is not null)
        {
            body.Add(Text(note, TextStyle.Subtle));
        }
        if (report is not null)
        {
            var facts = new List<(string, string)>
            {
                (T("form.status"), T($"status.{report.Status}") + $" · {report.PercentComplete}%"),
                (T("form.summary"), Plain(Clip(report.Summary, 600))),
            };
            if (report.NextSteps.Length > 0)
            {
                facts.Add((T("form.nextSteps"), Plain(Clip(report.NextSteps, 300))));
            }
            if (report.MeasuresDone.Count > 0)
            {
                facts.Add((T("form.measures"), string.Join(", ", report.MeasuresDone)));
            }
            if (report.ExpectedCompletion is { } expected)
            {
                facts.Add((T("form.expected"), expected.ToString("yyyy-MM-dd")));
            }
            if (report.Evidence.Count > 0)
            {
                facts.Add((T("form.evidence"), string.Join("\n", report.Evidence.Select(Plain))));
            }
            facts.Add((T("result.by"), Plain(report.ReporterName) + " · " + UnitText.Show(report.Unit, int.MaxValue) + (report.OnBehalf ? T("report.onBehalf") : "")));
            facts.Add((T("result.at"), PlanClock.ToPlanTime(report.ReportedAt).ToString("yyyy-MM-dd HH:mm")));
            body.Add(Facts(facts));
        }
        return Card(body, [Execute(T("owed.button"), CardVerbs.OwedShow)]);
    }
}
