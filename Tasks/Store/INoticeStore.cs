using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The supervision notices (督办函) and their recipients. Numbers run per year from 1, allocated with the notice in one
/// write (SQLite: one transaction under UNIQUE(year, number); Graph: the unique Code column, the next number on a
/// <c>409</c>). Issuing is idempotent by the draft's source id. Each recipient's acknowledgement and answer is their own
/// record, so two people acting at once never overwrite each other.
/// </summary>
public interface INoticeStore
{
    /// <summary>Records the notice with the next number of its year; a draft whose source id is already recorded returns that notice, not created.</summary>
    Task<NoticeIssue> IssueNoticeAsync(NoticeDraft draft, CancellationToken cancellationToken = default);

    Task<SupervisionNotice?> GetNoticeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every notice (of one task when given), oldest first (by year and number).</summary>
    Task<IReadOnlyList<SupervisionNotice>> ListNoticesAsync(int? taskNumber = null, CancellationToken cancellationToken = default);

    /// <summary>签收 by a recipient; a second acknowledgement changes nothing (<see cref="NoticeWriteOutcome.Already"/>).</summary>
    Task<NoticeWrite> AcknowledgeNoticeAsync(string id, string personKey, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>整改说明 by a recipient (acknowledging it too); a recipient answers once.</summary>
    Task<NoticeWrite> AnswerNoticeAsync(string id, string personKey, string answer, IReadOnlyList<string> evidence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<NoticeWrite> CloseNoticeAsync(string id, string closerId, string closerName, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks the notice returned to its issuer: true the first time, false once it was.</summary>
    Task<bool> MarkNoticeReturnedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}

public sealed record NoticeIssue(SupervisionNotice Notice, bool Created);

public enum NoticeWriteOutcome
{
    Done,
    /// <summary>Already acknowledged, answered or closed: nothing changed.</summary>
    Already,
    NotFound,
    /// <summary>The person is not one of the notice's recipients: nothing changed.</summary>
    NotRecipient,
    /// <summary>The notice is closed: it takes no more acknowledgements or answers.</summary>
    Closed,
}

public sealed record NoticeWrite(NoticeWriteOutcome Outcome, SupervisionNotice? Notice);

/// <summary>The rules both stores apply to a recipient's act, as pure functions of the notice as read.</summary>
public static class NoticeRules
{
    public static NoticeWriteOutcome? Refusal(SupervisionNotice? notice, string personKey) =>
        notice is null ? NoticeWriteOutcome.NotFound
        : notice.RecipientOf(personKey) is null ? NoticeWriteOutcome.NotRecipient
        : notice.State == NoticeState.Closed ? NoticeWriteOutcome.Closed
        : null;
}
