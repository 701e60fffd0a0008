using System.Globalization;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.SignOff;

/// <summary>A task awaiting sign-off (待销号) and the completion report a leader judges: the card's own id keys the decision made on it.</summary>
public sealed record SignOffView(RectificationTask Task, ProgressReport Report, string CardId);

/// <summary>
/// The sign-off card sent to leaders: the task, the final report (summary, percent, measures done, evidence as links,
/// reporter, unit, date), a reason box, and the buttons 销号 (sign off) and 退回 (send back, the reason required).
/// </summary>
public static class SignOffCard
{
    /// <summary>The reason's id on the card and in the action's data.</summary>
    public const string ReasonId = "reason";

    public const int MaxReason = ReportRules.MaxReason;

    public static JsonObject Build(SignOffView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var (task, report) = (view.Task, view.Report);
        var colon = language == Language.Chinese ? "：" : ": ";
        var body = new List<JsonNode?>
        {
            Text(T("signoff.card.title", task.Number), TextStyle.Title),
            Text(T("task.problem") + colon + Plain(Clip(task.Problem, 300)), TextStyle.Subtle),
            Facts(
            [
                (T("signoff.card.unit"), UnitText.Show(report.Unit)),
                (T("signoff.card.reporter"), Plain(report.ReporterName) + (report.OnBehalf ? T("report.onBehalf") : "")),
                (T("signoff.card.date"), PlanClock.ToPlanTime(report.ReportedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                (T("signoff.card.percent"), $"{report.PercentComplete}%"),
            ]),
            Text(T("signoff.card.summary") + colon + Plain(Clip(report.Summary, 1500)), separator: true),
        };
        if (report.MeasuresDone.Count > 0)
        {
            body.Add(Text(T("signoff.card.measures"), TextStyle.Heading));
            foreach (var n in report.MeasuresDone.Take(20))
            {
                var measure = n >= 1 && n <= task.Measures.Count ? Plain(Clip(task.Measures[n - 1], 200)) : "";
                body.Add(Text($"{n}. {measure}", TextStyle.Subtle));
            }
        }
        body.Add(Text(T("signoff.card.evidence"), TextStyle.Heading));
        body.Add(Text(report.Evidence.Count == 0 ? T("signoff.card.noEvidence") : string.Join("\n\n", report.Evidence.Take(ReportRules.MaxLinks).Select((link, i) => Link(link, i + 1)))));
        body.Add(TextInput(ReasonId, T("signoff.card.reason"), "", MaxReason, multiline: true, placeholder: T("signoff.card.reasonHint"), required: true, errorMessage: T("signoff.reasonRequired", task.Number)));

        var data = new JsonObject { ["task"] = task.Number, ["version"] = task.Version, ["report"] = report.Id, ["cardId"] = view.CardId };
        var approve = Execute(T("signoff.approve"), CardVerbs.SignOffApprove, data, primary: true);
        approve["associatedInputs"] = "none"; // signing off needs no reason: the required box is for sending back
        approve["fallback"]!["associatedInputs"] = "none";
        var sendBack = Execute(T("signoff.return"), CardVerbs.SignOffReturn, data);
        sendBack["style"] = "destructive";
        return Card(body, [approve, sendBack]);
    }

    /// <summary>The card as plain text, for notifications and clients that show no cards.</summary>
    public static string Summary(SignOffView view, Language language) =>
        Localizer.Get(language, "signoff.card.text", view.Task.Number, UnitText.ShowInMessage(view.Report.Unit), Markdown.Escape(view.Report.ReporterName));

    /// <summary>What a decision made of a task, in one line: 任务3已销号（李华，3月20日 10:05）.</summary>
    public static string Outcome(SignOffDecision decision, Language language) =>
        Localizer.Get(language, decision.Verdict == SignOffVerdict.SignedOff ? "signoff.done" : "signoff.sentBack",
            decision.TaskNumber, Markdown.EscapeForCard(decision.DeciderName), When(decision.At, language), Markdown.EscapeForCard(decision.Reason));

    /// <summary>The card a decided card is replaced by.</summary>
    public static JsonObject Decided(SignOffDecision decision, Language language) =>
        Card([Text(Outcome(decision, language), TextStyle.Heading, color: decision.Verdict == SignOffVerdict.SignedOff ? "Good" : "Warning")]);

    /// <summary>To the unit's people: their completion was sent back, by whom, when, why; and the button to report again.</summary>
    public static JsonObject Returned(SignOffDecision decision, Language language) =>
        Card(
        [
            Text(Localizer.Get(language, "signoff.returned.title", decision.TaskNumber), TextStyle.Title, color: "Warning"),
            Text(Localizer.Get(language, "signoff.returned.text", decision.TaskNumber, Plain(decision.DeciderName), When(decision.At, language), Plain(decision.Reason))),
        ],
        [Execute(Localizer.Get(language, "action.report"), CardVerbs.ReportOpen, new JsonObject { ["task"] = decision.TaskNumber }, primary: true)]);

    public static string ReturnedText(SignOffDecision decision, Language language) =>
        Localizer.Get(language, "signoff.returned.text", decision.TaskNumber, Markdown.Escape(decision.DeciderName), When(decision.At, language), Markdown.Escape(decision.Reason));

    /// <summary>A moment as the plan's people read it: 3月20日 10:05, 20 Mar 10:05 (China time).</summary>
    public static string When(DateTimeOffset at, Language language)
    {
        var local = PlanClock.ToPlanTime(at);
        return language == Language.Chinese
            ? local.ToString("M'月'd'日' HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>An evidence link as a Markdown link: its number and host shown, the address as stored (already checked to be http or https).</summary>
    private static string Link(string url, int number)
    {
        var shown = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
        var target = url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        return $"{number}. [{Plain(shown).Replace("]", "］", StringComparison.Ordinal)}]({target})";
    }
}
