using System.Globalization;

namespace RectifyBot.Tasks.Model;

/// <summary>
/// A supervision notice (督办函): a leader's formal demand on a task's units, numbered per year (督办〔2019〕3号), sent
/// to the people of those units, who acknowledge it (签收) and answer it (整改说明). Open until a leader closes it; an
/// unacknowledged notice goes back to its issuer once after its reply deadline (<see cref="ReturnedAt"/>).
/// </summary>
public sealed record SupervisionNotice
{
    public required string Id { get; init; }

    /// <summary>The year of issue (China time): numbers run from 1 each year.</summary>
    public required int Year { get; init; }

    public required int Number { get; init; }

    /// <summary>督办〔2019〕3号.</summary>
    public string Code => CodeOf(Year, Number);

    /// <summary>Supervision Notice [2019] No. 3.</summary>
    public string EnglishCode => EnglishCodeOf(Year, Number);

    /// <summary>What made it: the preview card's id; issuing the same preview again finds this notice.</summary>
    public required string SourceId { get; init; }

    public required int TaskNumber { get; init; }

    /// <summary>The units it is addressed to, as the directory (or the task) names them.</summary>
    public required IReadOnlyList<string> Units { get; init; }

    public required string Reason { get; init; }

    /// <summary>What the leader asks for (书面说明); may be empty.</summary>
    public string Note { get; init; } = "";

    /// <summary>The day by which the units must reply (China time).</summary>
    public required DateOnly ReplyBy { get; init; }

    public required string IssuerId { get; init; }

    public required string IssuerName { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public NoticeState State { get; init; } = NoticeState.Open;

    public string? ClosedById { get; init; }

    public string? ClosedByName { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When the notice went back to its issuer with the recipients who had not acknowledged it; once.</summary>
    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>The people it was sent to, each with their own acknowledgement and answer.</summary>
    public IReadOnlyList<NoticeRecipient> Recipients { get; init; } = [];

    public int Acknowledged => Recipients.Count(r => r.AcknowledgedAt is not null);

    public int Answered => Recipients.Count(r => r.AnsweredAt is not null);

    public NoticeRecipient? RecipientOf(string personKey) => Recipients.FirstOrDefault(r => r.PersonKey == personKey);

    public static string CodeOf(int year, int number) => string.Create(CultureInfo.InvariantCulture, $"督办〔{year}〕{number}号");

    public static string EnglishCodeOf(int year, int number) => string.Create(CultureInfo.InvariantCulture, $"Supervision Notice [{year}] No. {number}");
}

public enum NoticeState
{
    Open,
    Closed,
}

/// <summary>One person a notice was sent to, and what they did with it.</summary>
public sealed record NoticeRecipient(string PersonKey, string Name, string Unit)
{
    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>整改说明: what the unit says it has done.</summary>
    public string Answer { get; init; } = "";

    /// <summary>Links to the evidence (http or https).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>A notice to issue: everything but its number, which the store allocates.</summary>
public sealed record NoticeDraft
{
    public required string SourceId { get; init; }
    public required int Year { get; init; }
    public required int TaskNumber { get; init; }
    public required IReadOnlyList<string> Units { get; init; }
    public required string Reason { get; init; }
    public string Note { get; init; } = "";
    public required DateOnly ReplyBy { get; init; }
    public required string IssuerId { get; init; }
    public required string IssuerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required IReadOnlyList<NoticeRecipient> Recipients { get; init; }
}
