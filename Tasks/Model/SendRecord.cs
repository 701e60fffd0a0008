namespace RectifyBot.Tasks.Model;

/// <summary>
/// One proactive message, by its key (kind, period or deadline, task or unit, recipient): claimed before it is sent,
/// marked sent after, so that however many hosts, restarts or catch-ups run the same schedule it goes out once.
/// </summary>
public sealed record SendRecord
{
    public required string Key { get; init; }

    /// <summary>What is sent: a reminder, an escalation, a countdown, a digest.</summary>
    public required string Kind { get; init; }

    /// <summary>The <see cref="ConversationAddress.Key"/> it goes to.</summary>
    public required string Recipient { get; init; }

    public DateTimeOffset ClaimedAt { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Not before this instant, after a failed attempt (back-off).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    public string? LastError { get; init; }

    /// <summary>When it was given up on (reported to the administrators), if it was.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>Neither sent nor given up: it waits for its back-off, or another host holds its claim.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPending => SentAt is null && FailedAt is null;
}
