using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Notices;

/// <summary>Who a notice card is for: what it shows and which buttons it has.</summary>
public enum NoticeViewer
{
    /// <summary>A person it was sent to: their own state, 签收 and 整改说明 while it is open.</summary>
    Recipient,
    /// <summary>A leader or admin: each recipient's state and answer; 关闭 for a leader while it is open.</summary>
    Supervisor,
    /// <summary>The leaders' channel: 督办通报, the notice without anyone's buttons.</summary>
    Bulletin,
}

/// <summary>A notice as one viewer sees it, with a banner (what just happened) and the answer typed so far.</summary>
public sealed record NoticeView(SupervisionNotice Notice, string TaskProblem, DateOnly Today, NoticeViewer Viewer)
{
    /// <summary>The bot's words on what just happened; any stored text in it is escaped by whoever builds it.</summary>
    public string? Banner { get; init; }
    public bool BannerIsWarning { get; init; }

    /// <summary>The person viewing, for their own state (a recipient).</summary>
    public string? ViewerKey { get; init; }

    /// <summary>A leader (not an admin) may close an open notice.</summary>
    public bool CanClose { get; init; }

    public string Answer { get; init; } = "";
    public string Evidence { get; init; } = "";
    public string? AnswerError { get; init; }
}

/// <summary>A supervision notice (督办函): the recipient's card, a leader's detail, or the channel's 督办通报.</summary>
public static class NoticeCard
{
    public static JsonObject Build(NoticeView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var notice = view.Notice;
        var title = view.Viewer == NoticeViewer.Bulletin ? T("notice.bulletin.title", NoticeText.Code(notice, language)) : NoticeText.Code(notice, language);
        var body = new List<JsonNode?>
        {
            Text(title, TextStyle.Title),
            Text(T("notice.subject", notice.TaskNumber) + " " + Plain(Clip(view.TaskProblem, 120)), TextStyle.Subtle),
        };
        if (view.Banner is not null)
        {
            body.Add(Container([Text(view.Banner, TextStyle.Heading, view.BannerIsWarning ? "attention" : "good")], view.BannerIsWarning ? "attention" : "good"));
        }
        var facts = new List<(string, string)>
        {
            (T("notice.field.units"), NoticeText.Units(notice.Units, language)),
            (T("notice.field.reason"), Plain(notice.Reason)),
        };
        if (notice.Note.Length > 0)
        {
            facts.Add((T("notice.field.note"), Plain(notice.Note)));
        }
        facts.Add((T("notice.field.replyBy"), NoticeText.Date(notice.ReplyBy)));
        facts.Add((T("notice.issuedBy"), T("notice.issuedByValue", Plain(notice.IssuerName), NoticeText.Time(notice.IssuedAt))));
        facts.Add((T("notice.field.state"), NoticeText.State(notice, view.Today, language)));
        if (notice.ClosedAt is { } closedAt)
        {
            facts.Add((T("notice.closedBy"), T("notice.issuedByValue", Plain(notice.ClosedByName ?? ""), NoticeText.Time(closedAt))));
        }
        body.Add(Facts(facts));
        var actions = new List<JsonNode?>();
        var data = new JsonObject { ["notice"] = notice.Id };
        switch (view.Viewer)
        {
            case NoticeViewer.Recipient when view.ViewerKey is { } key && notice.RecipientOf(key) is { } own:
                body.Add(Text(T("notice.yourState", NoticeText.RecipientState(own, language)), TextStyle.Heading, separator: true));
                if (own.AnsweredAt is not null)
                {
                    body.Add(Text(Plain(own.Answer)));
                    body.AddRange(own.Evidence.Select(link => Text(Plain(link), TextStyle.Subtle)));
                }
                else if (notice.State == NoticeState.Open)
                {
                    if (view.AnswerError is not null)
                    {
                        body.Add(Text("⚠ " + Plain(view.AnswerError), TextStyle.Default, "attention"));
                    }
                    body.Add(TextInput(NoticeText.AnswerId, T("notice.field.answer"), view.Answer, NoticeText.MaxAnswer, multiline: true, T("notice.field.answerHint")));
                    body.Add(TextInput(NoticeText.EvidenceId, T("form.evidence"), view.Evidence, Tasks.Rules.ReportRules.MaxEvidence, multiline: true, T("form.evidenceHint")));
                    if (own.AcknowledgedAt is null)
                    {
                        actions.Add(Execute(T("notice.acknowledge"), CardVerbs.NoticeAcknowledge, data, primary: true));
                    }
                    actions.Add(Execute(T("notice.answer"), CardVerbs.NoticeAnswer, data, primary: own.AcknowledgedAt is not null));
                }
                break;
            case NoticeViewer.Supervisor:
                body.Add(Text(NoticeText.Counts(notice, language), TextStyle.Heading, separator: true));
                foreach (var recipient in notice.Recipients)
                {
                    var items = new List<JsonNode?>
                    {
                        Text(T("notice.recipientLine", Plain(recipient.Name), UnitText.Show(recipient.Unit), NoticeText.RecipientState(recipient, language))),
                    };
                    if (recipient.AnsweredAt is not null)
                    {
                        items.Add(Text(Plain(Clip(recipient.Answer, 600)), TextStyle.Subtle));
                        items.AddRange(recipient.Evidence.Select(link => Text(Plain(link), TextStyle.Subtle)));
                    }
                    body.Add(Container(items, recipient.AcknowledgedAt is null && notice.State == NoticeState.Open && notice.ReplyBy < view.Today ? "attention" : null));
                }
                if (notice.Recipients.Count == 0)
                {
                    body.Add(Text(T("notice.noRecipients"), TextStyle.Subtle));
                }
                if (view.CanClose && notice.State == NoticeState.Open)
                {
                    actions.Add(Execute(T("notice.close"), CardVerbs.NoticeClose, data));
                }
                break;
        }
        return Card(body, actions);
    }

    public static string Summary(SupervisionNotice notice, Language language) =>
        Localizer.Get(language, "notice.text", NoticeText.Code(notice, language), notice.TaskNumber, NoticeText.Date(notice.ReplyBy));
}
