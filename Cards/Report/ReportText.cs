using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Cards.Report;

/// <summary>One-line descriptions of reports, shared by the cards and the text answers.</summary>
public static class ReportText
{
    /// <summary>2019-03-10 水务局联络员 · 推进中 60%.</summary>
    public static string Describe(ProgressReport report, Language language) =>
        $"{PlanClock.ToPlanTime(report.ReportedAt):yyyy-MM-dd} {Layout.AdaptiveCard.Plain(report.ReporterName)} · {Localizer.Get(language, $"status.{report.Status}")} {report.PercentComplete}%"
        + (report.OnBehalf ? Localizer.Get(language, "report.onBehalf") : "");
}
