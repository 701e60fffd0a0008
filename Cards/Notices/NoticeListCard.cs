using System.Text.Json.Nodes;
using RectifyBot.Cards.Lists;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Notices;

/// <summary>
/// One page of notices: a leader's all (or one task's), an official's those sent to their unit with their own state.
/// <see cref="Query"/> is what the next page asks again with.
/// </summary>
public sealed record NoticeListView(IReadOnlyList<SupervisionNotice> Page, int Total, int Offset, DateOnly Today, int? TaskNumber, string? ViewerKey, JsonObject Query);

/// <summary>督办函列表: a line per notice (code, task, units, reply by, state, acknowledged and answered) with its details button.</summary>
public static class NoticeListCard
{
    public const int PageSize = 10;

    public static JsonObject Build(NoticeListView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?>
        {
            Text(view.TaskNumber is { } task ? T("notice.list.titleTask", task, view.Total) : T("notice.list.title", view.Total), TextStyle.Title),
        };
        if (view.Total == 0)
        {
            body.Add(Text(view.ViewerKey is null ? T("notice.list.none") : T("notice.list.noneForUnit")));
        }
        foreach (var notice in view.Page)
        {
            var own = view.ViewerKey is { } key ? notice.RecipientOf(key) : null;
            var state = NoticeText.State(notice, view.Today, language) + " · " + (view.ViewerKey is null || own is null
                ? NoticeText.Counts(notice, language)
                : T("notice.yourState", NoticeText.RecipientState(own, language)));
            body.Add(Container(
            [
                Columns(
                [
                    Text($"**{NoticeText.Code(notice, language)}** · " + T("notice.subject", notice.TaskNumber)),
                    Text(NoticeText.Units(notice.Units, language) + " · " + T("notice.replyByShort", NoticeText.Date(notice.ReplyBy)), TextStyle.Subtle),
                    Text(state, TextStyle.Subtle),
                ],
                [Actions([Execute(T("notice.details"), CardVerbs.NoticeShow, new JsonObject { ["notice"] = notice.Id })])]),
            ], notice.State == NoticeState.Open && notice.ReplyBy < view.Today && notice.Acknowledged < notice.Recipients.Count ? "attention" : null, separator: true));
        }
        var next = view.Offset + view.Page.Count;
        return Card(body, next < view.Total ? [TaskLine.MoreAction(CardVerbs.NoticeList, view.Query, next, view.Total - next, language)] : null);
    }

    public static string Summary(NoticeListView view, Language language) =>
        string.Join("\n", view.Page.Select(n => $"{NoticeText.Code(n, language)} · " + Localizer.Get(language, "notice.subject", n.TaskNumber) + " · " + NoticeText.Counts(n, language)))
        is { Length: > 0 } lines ? lines : Localizer.Get(language, view.ViewerKey is null ? "notice.list.none" : "notice.list.noneForUnit");
}
