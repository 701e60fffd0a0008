using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>The bot's conversation state, in the same file as the tasks.</summary>
public sealed partial class SqliteTaskStore
{
    public async Task<IReadOnlyDictionary<string, StoredState>> ReadStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoredState>();
        await using var connection = Open();
        foreach (var key in keys)
        {
            await using var command = Command(connection, null, "SELECT json, etag FROM bot_state WHERE key = $key", new() { ["$key"] = key });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                result[key] = new StoredState(reader.GetString(0), reader.GetString(1));
            }
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, StoredState>> ReadStateByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoredState>();
        await using var connection = Open();
        // substr, not LIKE: a key may hold % or _ (a UPN), and the prefix is compared exactly.
        await using var command = Command(connection, null, "SELECT key, json, etag FROM bot_state WHERE substr(key, 1, length($prefix)) = $prefix", new() { ["$prefix"] = prefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new StoredState(reader.GetString(1), reader.GetString(2));
        }
        return result;
    }

    public async Task<string?> WriteStateAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = Open();
        var sql = expectedETag is null or "*"
            ? "INSERT INTO bot_state (key, etag, json, updated_at) VALUES ($key, $etag, $json, $now) ON CONFLICT (key) DO UPDATE SET etag = $etag, json = $json, updated_at = $now"
            : "UPDATE bot_state SET etag = $etag, json = $json, updated_at = $now WHERE key = $key AND etag = $expected";
        await using var command = Command(connection, null, sql, new()
        {
            ["$key"] = key,
            ["$etag"] = etag,
            ["$json"] = json,
            ["$now"] = FormatInstant(_time.GetUtcNow()),
            ["$expected"] = expectedETag,
        });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? etag : null;
    }

    public async Task DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var key in keys)
        {
            await using var command = Command(connection, transaction, "DELETE FROM bot_state WHERE key = $key", new() { ["$key"] = key });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
