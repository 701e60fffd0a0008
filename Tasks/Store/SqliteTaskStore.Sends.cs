using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>The proactive send log (<see cref="ISendLog"/>): a row per send key, claimed atomically by the key's uniqueness.</summary>
public sealed partial class SqliteTaskStore
{
    private const string SendColumns = "key, kind, recipient, claimed_at, attempts, sent_at, retry_after, last_error, failed_at";

    public async Task<bool> TryClaimAsync(string key, string kind, string recipient, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        // One statement: the insert wins for the first caller; later callers update only a stale, unsent, due claim.
        await using var command = Command(connection, null, """
            INSERT INTO sends (key, kind, recipient, claimed_at, attempts) VALUES ($key, $kind, $recipient, $now, 1)
            ON CONFLICT (key) DO UPDATE SET claimed_at = $now, attempts = attempts + 1
            WHERE sent_at IS NULL AND failed_at IS NULL AND claimed_at <= $staleBefore AND (retry_after IS NULL OR retry_after <= $now)
            """, new()
        {
            ["$key"] = key,
            ["$kind"] = kind,
            ["$recipient"] = recipient,
            ["$now"] = FormatInstant(now),
            ["$staleBefore"] = FormatInstant(now - staleAfter),
        });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task MarkSentAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateSendAsync("sent_at = $at, last_error = NULL, retry_after = NULL", key, new() { ["$at"] = FormatInstant(at) }, cancellationToken);

    public Task ReleaseAsync(string key, string error, DateTimeOffset retryAfter, CancellationToken cancellationToken = default) =>
        // The claim is made stale at once (the epoch); the back-off decides when it may be claimed again.
        UpdateSendAsync("claimed_at = $epoch, retry_after = $retryAfter, last_error = $error", key,
            new() { ["$epoch"] = FormatInstant(DateTimeOffset.UnixEpoch), ["$retryAfter"] = FormatInstant(retryAfter), ["$error"] = error }, cancellationToken);

    public Task MarkFailedAsync(string key, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateSendAsync("failed_at = $at, last_error = $error", key, new() { ["$at"] = FormatInstant(at), ["$error"] = error }, cancellationToken);

    public async Task<SendRecord?> FindSendAsync(string key, CancellationToken cancellationToken = default) =>
        (await ReadSendsAsync("WHERE key = $key", key, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<SendRecord>> ListSendsAsync(CancellationToken cancellationToken = default) => ReadSendsAsync("", null, cancellationToken);

    private async Task UpdateSendAsync(string set, string key, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        parameters["$key"] = key;
        await using var connection = Open();
        await using var command = Command(connection, null, $"UPDATE sends SET {set} WHERE key = $key", parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<SendRecord>> ReadSendsAsync(string where, string? key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, $"SELECT {SendColumns} FROM sends {where} ORDER BY claimed_at, key", new() { ["$key"] = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<SendRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(SendFromRow(reader));
        }
        return found;
    }

    private static SendRecord SendFromRow(SqliteDataReader r) => new()
    {
        Key = r.GetString(0),
        Kind = r.GetString(1),
        Recipient = r.GetString(2),
        ClaimedAt = ParseInstant(r.GetString(3)),
        Attempts = r.GetInt32(4),
        SentAt = r.IsDBNull(5) ? null : ParseInstant(r.GetString(5)),
        RetryAfter = r.IsDBNull(6) ? null : ParseInstant(r.GetString(6)),
        LastError = r.IsDBNull(7) ? null : r.GetString(7),
        FailedAt = r.IsDBNull(8) ? null : ParseInstant(r.GetString(8)),
    };
}
