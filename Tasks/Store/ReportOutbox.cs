using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>A report waiting in the outbox, with how often it was tried and why it last failed.</summary>
public sealed record QueuedReport(ProgressReport Report, DateTimeOffset QueuedAt, int Attempts, string? LastError, bool Failed);

/// <summary>
/// Reports accepted from a user that the shared store could not save yet (or saved without updating their task), kept
/// durably in the embedded SQLite file until they land. Keyed by source id, so a report is queued once however often it
/// is retried. One the store refuses for good is kept, marked failed, for an administrator (<see cref="FailedAsync"/>).
/// </summary>
public sealed class ReportOutbox
{
    private readonly string _connectionString;

    public ReportOutbox(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        SqliteSchema.Migrate(connection);
    }

    public async Task EnqueueAsync(ProgressReport report, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO report_outbox (source_id, report, queued_at, attempts, last_error) VALUES ($source, $report, $at, 1, $error)
            ON CONFLICT (source_id) DO UPDATE SET attempts = attempts + 1, last_error = $error
            """;
        command.Parameters.AddWithValue("$source", report.SourceId);
        command.Parameters.AddWithValue("$report", JsonSerializer.Serialize(report));
        command.Parameters.AddWithValue("$at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<QueuedReport?> FindAsync(string sourceId, CancellationToken cancellationToken = default) =>
        (await ReadAsync("WHERE source_id = $source", sourceId, cancellationToken)).FirstOrDefault();

    /// <summary>Reports still to be saved, oldest first (failed ones are kept but not retried).</summary>
    public Task<IReadOnlyList<QueuedReport>> PendingAsync(CancellationToken cancellationToken = default) => ReadAsync("WHERE failed = 0", null, cancellationToken);

    /// <summary>Reports that will not be retried (refused by the store, or their task is gone), oldest first, with why.</summary>
    public Task<IReadOnlyList<QueuedReport>> FailedAsync(CancellationToken cancellationToken = default) => ReadAsync("WHERE failed = 1", null, cancellationToken);

    public async Task RemoveAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM report_outbox WHERE source_id = $source";
        command.Parameters.AddWithValue("$source", sourceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a failed retry; with <paramref name="final"/> the report is kept but no longer retried (refused, or its task is gone).</summary>
    public async Task RecordFailureAsync(string sourceId, string error, bool final, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE report_outbox SET attempts = attempts + 1, last_error = $error, failed = $failed WHERE source_id = $source";
        command.Parameters.AddWithValue("$source", sourceId);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$failed", final ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<QueuedReport>> ReadAsync(string where, string? sourceId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT report, queued_at, attempts, last_error, failed FROM report_outbox {where} ORDER BY queued_at";
        if (sourceId is not null)
        {
            command.Parameters.AddWithValue("$source", sourceId);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<QueuedReport>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new QueuedReport(
                JsonSerializer.Deserialize<ProgressReport>(reader.GetString(0))!,
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4) != 0));
        }
        return items;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
