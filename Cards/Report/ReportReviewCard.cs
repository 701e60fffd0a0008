using RectifyBot.Tasks.Rules;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Report;

/// <summary>What the bot understood from a one-sentence report, shown for Confirm / Edit before anything is saved.</summary>
public sealed record ReportReview(int TaskNumber, long TaskVersion, string Problem, ReportFields Values, string CardId, bool OnBehalf);

public static class ReportReviewCard
{
    public static JsonObject Build(ReportReview review, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var values = review.Values;
        var status = Enum.TryParse<Tasks.Model.RectificationStatus>(values.Status, out var s) ? T($"status.{s}") : values.Status;
        var facts = new List<(string, string)>
        {
            (T("review.task"), T("task.title", review.TaskNumber) + " · " + Plain(Clip(review.Problem, 60))),
            (T("form.percent"), values.Percent + "%"),
            (T("form.status"), status),
            (T("form.summary"), Plain(Clip(values.Summary, 300))),
        };
        if (values.NextSteps.Length > 0)
        {
            facts.Add((T("form.nextSteps"), Plain(Clip(values.NextSteps, 300))));
        }
        if (values.Expected.Length > 0)
        {
            facts.Add((T("form.expected"), Plain(Clip(values.Expected, 100))));
        }
        var data = values.ToJson();
        data["task"] = review.TaskNumber;
        data["version"] = review.TaskVersion;
        data["cardId"] = review.CardId;
        return Card(
        [
            Text(T("review.title", review.TaskNumber) + (review.OnBehalf ? T("report.onBehalf") : ""), TextStyle.Title),
            Facts(facts),
            Text(T("review.hint"), TextStyle.Subtle),
        ],
        [
            Execute(T("review.confirm"), CardVerbs.ReportConfirm, data, primary: true),
            Execute(T("review.edit"), CardVerbs.ReportEdit, data),
            Execute(T("action.cancel"), CardVerbs.ReportCancel, new JsonObject { ["task"] = review.TaskNumber, ["cardId"] = review.CardId }),
        ]);
    }
}
