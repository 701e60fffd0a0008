using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The log of proactive sends, kept in the task store (a table with a unique key in SQLite): the claim that makes every
/// send happen once across restarts and hosts, and the record of what was sent, retried or given up.
/// </summary>
public interface ISendLog
{
    /// <summary>
    /// Claims the send for this caller: true when there is no record of it yet, or its last claim is older than
    /// <paramref name="staleAfter"/> without being sent or given up (the claimer crashed) and its back-off has passed.
    /// Exactly one of several callers racing for the same key gets true.
    /// </summary>
    Task<bool> TryClaimAsync(string key, string kind, string recipient, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default);

    Task MarkSentAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The attempt failed and may be tried again after <paramref name="retryAfter"/>; the claim is released.</summary>
    Task ReleaseAsync(string key, string error, DateTimeOffset retryAfter, CancellationToken cancellationToken = default);

    /// <summary>Given up on: never claimed again.</summary>
    Task MarkFailedAsync(string key, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<SendRecord?> FindSendAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every record, oldest claim first (for export).</summary>
    Task<IReadOnlyList<SendRecord>> ListSendsAsync(CancellationToken cancellationToken = default);
}
