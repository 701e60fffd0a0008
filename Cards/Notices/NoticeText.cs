using System.Globalization;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Cards.Notices;

/// <summary>How a notice's code, dates, units and state read in each language.</summary>
public static class NoticeText
{
    /// <summary>The ids of the notice cards' inputs, as their data comes back.</summary>
    public const string UnitsId = "units";
    public const string ReasonId = "reason";
    public const string ReplyById = "replyBy";
    public const string NoteId = "note";
    public const string AnswerId = "answer";
    public const string EvidenceId = "evidence";

    public const int MaxReason = 500;
    public const int MaxNote = 500;
    public const int MaxAnswer = 2000;

    public static string Code(SupervisionNotice notice, Language language) => language == Language.English ? notice.EnglishCode : notice.Code;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => PlanClock.ToPlanTime(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Units(IReadOnlyList<string> units, Language language) => UnitText.List(units, language, shown: 6);

    public static string State(SupervisionNotice notice, DateOnly today, Language language) =>
        notice.State == NoticeState.Closed ? Localizer.Get(language, "notice.state.closed")
        : notice.ReplyBy < today && notice.Acknowledged < notice.Recipients.Count ? Localizer.Get(language, "notice.state.overdue")
        : Localizer.Get(language, "notice.state.open");

    /// <summary>One recipient's state: not acknowledged, acknowledged (when), answered (when).</summary>
    public static string RecipientState(NoticeRecipient recipient, Language language) =>
        recipient.AnsweredAt is { } answered ? Localizer.Get(language, "notice.recipient.answered", Time(answered))
        : recipient.AcknowledgedAt is { } acknowledged ? Localizer.Get(language, "notice.recipient.acknowledged", Time(acknowledged))
        : Localizer.Get(language, "notice.recipient.pending");

    public static string Counts(SupervisionNotice notice, Language language) =>
        Localizer.Get(language, "notice.counts", notice.Acknowledged, notice.Recipients.Count, notice.Answered);
}
