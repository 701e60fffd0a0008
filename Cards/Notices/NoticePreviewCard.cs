using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Notices;

/// <summary>
/// What the preview of a notice shows: the task, the units to choose from (the task's, all chosen at first), the reason
/// (from the task's state, editable), the reply-by date and the note; and any problem found when it was submitted.
/// </summary>
public sealed record NoticePreview(RectificationTask Task, IReadOnlyList<string> UnitChoices, IReadOnlyList<string> Units, string Reason, DateOnly ReplyBy, string Note, DateOnly Today, string CardId)
{
    public string? Problem { get; init; }
}

/// <summary>The preview of a supervision notice (督办函) with 下达 / 取消.</summary>
public static class NoticePreviewCard
{
    public static JsonObject Build(NoticePreview preview, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var task = preview.Task;
        var body = new List<JsonNode?>
        {
            Text(T("notice.preview.title", task.Number), TextStyle.Title),
            Text(Plain(Clip(task.Problem, 160)), TextStyle.Subtle),
            Facts([(T("task.deadline"), Plain(task.Deadline.Text) + " " + TaskCountdown.Text(task, preview.Today, language))]),
        };
        if (preview.Problem is not null)
        {
            body.Add(Container([Text("⚠ " + Plain(preview.Problem), TextStyle.Heading, "attention")], "attention"));
        }
        // A unit's value is its name as a choice title shows it (no tags, no brackets): the handler maps it back to the task's unit.
        body.Add(Choices(NoticeText.UnitsId, T("notice.field.units"), string.Join(",", preview.Units.Select(ChoiceTitle)),
            preview.UnitChoices.Select(u => (ChoiceTitle(u), UnitText.Show(u))), multiSelect: true, required: true, errorMessage: T("notice.field.unitsRequired")));
        body.Add(TextInput(NoticeText.ReasonId, T("notice.field.reason"), preview.Reason, NoticeText.MaxReason, multiline: true, required: true, errorMessage: T("notice.field.reasonRequired")));
        var date = new JsonObject
        {
            ["type"] = "Input.Date",
            ["id"] = NoticeText.ReplyById,
            ["label"] = T("notice.field.replyBy"),
            ["value"] = NoticeText.Date(preview.ReplyBy),
            ["min"] = NoticeText.Date(preview.Today),
            ["isRequired"] = true,
            ["errorMessage"] = T("notice.field.replyByRequired"),
        };
        body.Add(date);
        body.Add(TextInput(NoticeText.NoteId, T("notice.field.note"), preview.Note, NoticeText.MaxNote, multiline: true, T("notice.field.noteHint")));
        var data = new JsonObject { ["task"] = task.Number, ["cardId"] = preview.CardId };
        return Card(body,
        [
            Execute(T("notice.issue"), CardVerbs.NoticeIssue, data, primary: true),
            Execute(T("action.cancel"), CardVerbs.NoticeCancel, data),
        ]);
    }

    public static string Summary(NoticePreview preview, Language language) => Localizer.Get(language, "notice.preview.text", preview.Task.Number);
}
