using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Notices;

/// <summary>A notice back to its issuer after its reply deadline: the recipients who have not acknowledged it.</summary>
public static class NoticeReturnCard
{
    public static JsonObject Build(SupervisionNotice notice, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var pending = notice.Recipients.Where(r => r.AcknowledgedAt is null).ToList();
        var body = new List<JsonNode?>
        {
            Text(T("notice.return.title", NoticeText.Code(notice, language)), TextStyle.Title),
            Text(T("notice.return.intro", notice.TaskNumber, NoticeText.Date(notice.ReplyBy), pending.Count, notice.Recipients.Count)),
        };
        body.AddRange(pending.Select(r => Text("· " + T("notice.recipientLine", Plain(r.Name), UnitText.Show(r.Unit), NoticeText.RecipientState(r, language)))));
        return Card(body, [Execute(T("notice.details"), CardVerbs.NoticeShow, new JsonObject { ["notice"] = notice.Id })]);
    }

    public static string Summary(SupervisionNotice notice, Language language) =>
        Localizer.Get(language, "notice.return.text", NoticeText.Code(notice, language), notice.Recipients.Count(r => r.AcknowledgedAt is null));
}
