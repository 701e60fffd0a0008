using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// Sign-off decisions (<see cref="ISignOffStore"/>): the <c>signoffs</c> table, unique by source and by task version, and
/// the task's status set in the same transaction only while the task is still completed at the version the leader saw.
/// </summary>
public sealed partial class SqliteTaskStore : ISignOffStore
{
    private const string SignOffColumns = "id, task_number, verdict, decider_id, decider_name, decided_at, reason, report_id, task_version, source_id";

    public async Task<SignOffResult> DecideAsync(SignOffDecision decision, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        // BEGIN IMMEDIATE: leaders deciding at once are served one after the other; the second reads the first's outcome.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var task = await ReadTaskAsync(connection, transaction, decision.TaskNumber, cancellationToken);
        if ((await ReadSignOffsAsync(connection, transaction, "WHERE source_id = $source", new() { ["$source"] = decision.SourceId }, cancellationToken)).FirstOrDefault() is { } first)
        {
            return new SignOffResult(first.Id == decision.Id ? SignOffOutcome.Decided : SignOffOutcome.Duplicate, first, task);
        }
        if (task is null)
        {
            return new SignOffResult(SignOffOutcome.TaskNotFound, null, null);
        }
        if (task.Status != RectificationStatus.Completed)
        {
            var latest = (await ReadSignOffsAsync(connection, transaction, "WHERE task_number = $task", new() { ["$task"] = task.Number }, cancellationToken)).LastOrDefault();
            return new SignOffResult(SignOffOutcome.NotAwaiting, latest, task);
        }
        if (task.Version != decision.TaskVersion)
        {
            return new SignOffResult(SignOffOutcome.Stale, null, task);
        }
        await using (var insert = Command(connection, transaction, $"INSERT INTO signoffs ({SignOffColumns}) VALUES ($id, $task, $verdict, $deciderId, $deciderName, $at, $reason, $reportId, $version, $source)", new()
        {
            ["$id"] = decision.Id,
            ["$task"] = decision.TaskNumber,
            ["$verdict"] = decision.Verdict.ToString(),
            ["$deciderId"] = decision.DeciderId,
            ["$deciderName"] = decision.DeciderName,
            ["$at"] = FormatInstant(decision.At),
            ["$reason"] = decision.Reason,
            ["$reportId"] = decision.ReportId,
            ["$version"] = decision.TaskVersion,
            ["$source"] = decision.SourceId,
        }))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var decided = task with { Status = decision.Result };
        if (await WriteTaskAsync(connection, transaction, decided, cancellationToken) == 0)
        {
            return new SignOffResult(SignOffOutcome.Stale, null, task); // cannot happen inside the immediate transaction; never commit a half
        }
        await transaction.CommitAsync(cancellationToken);
        return new SignOffResult(SignOffOutcome.Decided, decision, decided with { Version = task.Version + 1 });
    }

    public async Task<IReadOnlyList<SignOffDecision>> QuerySignOffsAsync(int taskNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await ReadSignOffsAsync(connection, null, "WHERE task_number = $task", new() { ["$task"] = taskNumber }, cancellationToken);
    }

    private static async Task<List<SignOffDecision>> ReadSignOffsAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {SignOffColumns} FROM signoffs {where} ORDER BY decided_at, rowid", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<SignOffDecision>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new SignOffDecision
            {
                Id = reader.GetString(0),
                TaskNumber = reader.GetInt32(1),
                Verdict = Enum.Parse<SignOffVerdict>(reader.GetString(2)),
                DeciderId = reader.GetString(3),
                DeciderName = reader.GetString(4),
                At = ParseInstant(reader.GetString(5)),
                Reason = reader.GetString(6),
                ReportId = reader.GetString(7),
                TaskVersion = reader.GetInt64(8),
                SourceId = reader.GetString(9),
            });
        }
        return found;
    }
}
