using System.Globalization;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>The audit trail (<see cref="IAuditLog"/>): the <c>audit</c> table, whose triggers refuse updates and deletes.</summary>
public sealed partial class SqliteTaskStore
{
    private const string AuditColumns = "sequence, key, at, actor_id, actor_name, action, task_number, subject, details, refused";

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        // A key already in the log keeps its entry: the insert is skipped, never turned into an update.
        await using (var insert = Command(connection, null, $"""
            INSERT INTO audit (key, at, actor_id, actor_name, action, task_number, subject, details, refused)
            VALUES ($key, $at, $actorId, $actorName, $action, $task, $subject, $details, $refused)
            ON CONFLICT (key) DO NOTHING
            """, new()
        {
            ["$key"] = entry.Key,
            ["$at"] = FormatInstant(entry.At),
            ["$actorId"] = entry.ActorId,
            ["$actorName"] = entry.ActorName,
            ["$action"] = entry.Action,
            ["$task"] = entry.TaskNumber,
            ["$subject"] = entry.Subject,
            ["$details"] = entry.Details,
            ["$refused"] = entry.Refused ? 1 : 0,
        }))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var stored = await ReadAuditAsync(connection, "WHERE key = $key", new() { ["$key"] = entry.Key }, 1, cancellationToken);
        return stored[0];
    }

    public async Task<Page<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var where = new List<string> { "sequence > $after" };
        var parameters = new Dictionary<string, object?> { ["$after"] = ParseToken(page.ContinuationToken) };
        if (query.TaskNumber is { } number)
        {
            where.Add("task_number = $task");
            parameters["$task"] = number;
        }
        if (query.From is { } from)
        {
            where.Add("at >= $from");
            parameters["$from"] = FormatInstant(from);
        }
        if (query.To is { } to)
        {
            where.Add("at < $to");
            parameters["$to"] = FormatInstant(to);
        }
        if (query.Action is { } action)
        {
            where.Add("action = $action");
            parameters["$action"] = action;
        }
        await using var connection = Open();
        var rows = await ReadAuditAsync(connection, "WHERE " + string.Join(" AND ", where), parameters, page.Size + 1, cancellationToken);
        return rows.Count > page.Size
            ? new Page<AuditEntry>(rows[..page.Size], rows[page.Size - 1].Sequence.ToString(CultureInfo.InvariantCulture))
            : new Page<AuditEntry>(rows, null);
    }

    private static async Task<List<AuditEntry>> ReadAuditAsync(SqliteConnection connection, string where, Dictionary<string, object?> parameters, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"SELECT {AuditColumns} FROM audit {where} ORDER BY sequence LIMIT {limit}", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new AuditEntry
            {
                Sequence = reader.GetInt64(0),
                Key = reader.GetString(1),
                At = ParseInstant(reader.GetString(2)),
                ActorId = reader.GetString(3),
                ActorName = reader.GetString(4),
                Action = reader.GetString(5),
                TaskNumber = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                Subject = reader.GetString(7),
                Details = reader.GetString(8),
                Refused = reader.GetInt32(9) == 1,
            });
        }
        return found;
    }
}
