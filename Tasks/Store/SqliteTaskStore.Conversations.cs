using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>Where the bot can speak first, in the same file as the tasks (<see cref="IConversationStore"/>).</summary>
public sealed partial class SqliteTaskStore
{
    private const string ConversationColumns = "key, kind, conversation_id, service_url, channel_id, tenant_id, aad_object_id, user_id, team_id, team_channel_id, bot_id, updated_at, gone_at, gone_reason, locale";

    public async Task SaveConversationAsync(ConversationAddress address, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, $"""
            INSERT INTO conversations ({ConversationColumns})
            VALUES ($key, $kind, $conversationId, $serviceUrl, $channelId, $tenantId, $aadObjectId, $userId, $teamId, $teamChannelId, $botId, $updatedAt, $goneAt, $goneReason, $locale)
            ON CONFLICT (key) DO UPDATE SET kind = $kind, conversation_id = $conversationId, service_url = $serviceUrl, channel_id = $channelId,
                tenant_id = $tenantId, aad_object_id = $aadObjectId, user_id = $userId, team_id = $teamId, team_channel_id = $teamChannelId,
                bot_id = $botId, updated_at = $updatedAt, gone_at = $goneAt, gone_reason = $goneReason, locale = $locale
            """, new()
        {
            ["$key"] = address.Key,
            ["$kind"] = address.Kind.ToString(),
            ["$conversationId"] = address.ConversationId,
            ["$serviceUrl"] = address.ServiceUrl,
            ["$channelId"] = address.ChannelId,
            ["$tenantId"] = address.TenantId,
            ["$aadObjectId"] = address.AadObjectId,
            ["$userId"] = address.UserId,
            ["$teamId"] = address.TeamId,
            ["$teamChannelId"] = address.TeamChannelId,
            ["$botId"] = address.BotId,
            ["$updatedAt"] = FormatInstant(address.UpdatedAt),
            ["$goneAt"] = address.GoneAt is { } gone ? FormatInstant(gone) : null,
            ["$goneReason"] = address.GoneReason,
            ["$locale"] = address.Locale,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> MarkConversationGoneAsync(string key, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, "UPDATE conversations SET gone_at = $at, gone_reason = $reason, updated_at = $at WHERE key = $key",
            new() { ["$key"] = key, ["$reason"] = reason, ["$at"] = FormatInstant(at) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ConversationAddress?> FindConversationAsync(string key, CancellationToken cancellationToken = default) =>
        (await ReadConversationsAsync("WHERE key = $key", key, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<ConversationAddress>> ListConversationsAsync(CancellationToken cancellationToken = default) =>
        ReadConversationsAsync("", null, cancellationToken);

    private async Task<IReadOnlyList<ConversationAddress>> ReadConversationsAsync(string where, string? key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, $"SELECT {ConversationColumns} FROM conversations {where} ORDER BY key", new() { ["$key"] = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<ConversationAddress>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ConversationFromRow(reader));
        }
        return found;
    }

    private static ConversationAddress ConversationFromRow(SqliteDataReader r) => new()
    {
        Key = r.GetString(0),
        Kind = Enum.Parse<ConversationKind>(r.GetString(1)),
        ConversationId = r.GetString(2),
        ServiceUrl = r.GetString(3),
        ChannelId = r.GetString(4),
        TenantId = r.IsDBNull(5) ? null : r.GetString(5),
        AadObjectId = r.IsDBNull(6) ? null : r.GetString(6),
        UserId = r.IsDBNull(7) ? null : r.GetString(7),
        TeamId = r.IsDBNull(8) ? null : r.GetString(8),
        TeamChannelId = r.IsDBNull(9) ? null : r.GetString(9),
        BotId = r.GetString(10),
        UpdatedAt = ParseInstant(r.GetString(11)),
        GoneAt = r.IsDBNull(12) ? null : ParseInstant(r.GetString(12)),
        GoneReason = r.IsDBNull(13) ? null : r.GetString(13),
        Locale = r.IsDBNull(14) ? null : r.GetString(14),
    };
}
