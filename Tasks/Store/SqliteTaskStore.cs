using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The embedded task store: one SQLite file in WAL mode, every write in a transaction, a version per task for
/// optimistic concurrency, reports keyed by their source id, and the bot's conversation state beside them.
/// </summary>
public sealed partial class SqliteTaskStore : ITaskStore, IBotStateStore, IConversationStore, ISendLog, IAuditLog
{
    private const string TaskColumns = "number, category, section, problem, goal, measures, deadline, deadline_text, deadline_kind, lead_units_text, lead_units, responsible_units_text, responsible_units, responsible_persons, status, percent_complete, last_report_at, version";
    private const string ReportColumns = "id, task_number, unit, reporter_id, reporter_name, reported_at, period, status, percent_complete, summary, next_steps, evidence, source_id, measures_done, expected_completion, expected_completion_text, reason, on_behalf";

    private readonly string _connectionString;
    private readonly UnitMatcher _matcher;
    private readonly TimeProvider _time;

    /// <param name="time">The clock for the bot state's write times; the system clock when not given.</param>
    public SqliteTaskStore(string path, UnitMatcher matcher, TimeProvider? time = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        Path = full;
        _matcher = matcher;
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
        using var connection = Open();
        SqliteSchema.Migrate(connection);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var count = await ScalarAsync<long>(connection, null, "SELECT (SELECT COUNT(*) FROM tasks) + (SELECT COUNT(*) FROM people)", cancellationToken);
        return count == 0;
    }

    public async Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await ReadTaskAsync(connection, null, number, cancellationToken);
    }

    public async Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var after = ParseToken(page.ContinuationToken);
        var where = new List<string> { "number > $after" };
        var parameters = new Dictionary<string, object?>();
        if (query.OverdueAsOf is { } asOf)
        {
            where.Add("deadline IS NOT NULL AND deadline < $asOf AND status NOT IN ('Completed', 'SignedOff')");
            parameters["$asOf"] = FormatDate(asOf);
        }
        if (query.DueIn is { } month)
        {
            where.Add("deadline BETWEEN $monthStart AND $monthEnd");
            parameters["$monthStart"] = FormatDate(month.FirstDay);
            parameters["$monthEnd"] = FormatDate(month.LastDay);
        }
        if (query.Section is { } section)
        {
            where.Add("section = $section");
            parameters["$section"] = section;
        }

        // Unit matching is loose (各区, shared suffixes), so it runs here on each batch; paging stays keyset by number.
        await using var connection = Open();
        var sql = $"SELECT {TaskColumns} FROM tasks WHERE {string.Join(" AND ", where)} ORDER BY number LIMIT $batch";
        var (items, cursor, more) = await ScanAsync(connection, sql, parameters, "$after", after, page.Size, ReadTask,
            (task, _) => task.Number,
            task => (!query.OpenOnly || RectificationRules.IsOpen(task)) && (query.Unit is null || _matcher.RoleOf(task, query.Unit) is not null),
            cancellationToken);
        return new Page<RectificationTask>(items, more ? cursor.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Writes a task if its <see cref="RectificationTask.Version"/> is still the stored one; a stale write is refused.</summary>
    public async Task<TaskWrite> UpdateTaskAsync(RectificationTask task, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        var written = await WriteTaskAsync(connection, transaction, task, cancellationToken);
        if (written == 0)
        {
            var current = await ReadTaskAsync(connection, transaction, task.Number, cancellationToken);
            return new TaskWrite(current is null ? TaskWriteOutcome.NotFound : TaskWriteOutcome.Stale, current);
        }
        await transaction.CommitAsync(cancellationToken);
        return new TaskWrite(TaskWriteOutcome.Written, task with { Version = task.Version + 1 });
    }

    public async Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default)
    {
        List<int> added = [], updated = [], unchanged = [];
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var task in tasks)
        {
            var existing = await ReadTaskAsync(connection, transaction, task.Number, cancellationToken);
            if (existing is null)
            {
                await using var insert = Command(connection, transaction, $"INSERT INTO tasks ({TaskColumns}) VALUES ($number, $category, $section, $problem, $goal, $measures, $deadline, $deadlineText, $deadlineKind, $leadText, $lead, $responsibleText, $responsible, $persons, $status, $percent, $lastReportAt, 1)", TaskParameters(task));
                await insert.ExecuteNonQueryAsync(cancellationToken);
                added.Add(task.Number);
            }
            else if (existing.HasSamePlanAs(task))
            {
                unchanged.Add(task.Number);
            }
            else
            {
                // The plan's fields change; the task's progress (status, percent, last report) is kept.
                var merged = task with { Status = existing.Status, PercentComplete = existing.PercentComplete, LastReportAt = existing.LastReportAt, Version = existing.Version };
                await WriteTaskAsync(connection, transaction, merged, cancellationToken);
                updated.Add(task.Number);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new TaskImportOutcome(added, updated, unchanged);
    }

    public async Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        if (await ReadReportBySourceAsync(connection, transaction, report.SourceId, cancellationToken) is { } first)
        {
            return new ReportSubmission(ReportOutcome.Duplicate, first, await ReadTaskAsync(connection, transaction, report.TaskNumber, cancellationToken));
        }
        var task = await ReadTaskAsync(connection, transaction, report.TaskNumber, cancellationToken);
        if (task is null)
        {
            return new ReportSubmission(ReportOutcome.TaskNotFound, null, null);
        }
        if (expectedTaskVersion is { } expected && expected != task.Version)
        {
            return new ReportSubmission(ReportOutcome.StaleTask, null, task);
        }

        await using (var insert = Command(connection, transaction, $"INSERT INTO reports ({ReportColumns}) VALUES ($id, $task, $unit, $reporterId, $reporterName, $reportedAt, $period, $status, $percent, $summary, $nextSteps, $evidence, $sourceId, $measuresDone, $expected, $expectedText, $reason, $onBehalf)", new()
        {
            ["$id"] = report.Id,
            ["$task"] = report.TaskNumber,
            ["$unit"] = report.Unit,
            ["$reporterId"] = report.ReporterId,
            ["$reporterName"] = report.ReporterName,
            ["$reportedAt"] = FormatInstant(report.ReportedAt),
            ["$period"] = report.Period,
            ["$status"] = report.Status.ToString(),
            ["$percent"] = report.PercentComplete,
            ["$summary"] = report.Summary,
            ["$nextSteps"] = report.NextSteps,
            ["$evidence"] = JsonSerializer.Serialize(report.Evidence),
            ["$sourceId"] = report.SourceId,
            ["$measuresDone"] = JsonSerializer.Serialize(report.MeasuresDone),
            ["$expected"] = report.ExpectedCompletion?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["$expectedText"] = report.ExpectedCompletionText,
            ["$reason"] = report.Reason,
            ["$onBehalf"] = report.OnBehalf ? 1 : 0,
        }))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // A report that arrives late (queued, retried) never rolls the task back past a newer one; a signed-off task is
        // closed by a leader's decision, which a report never reopens (it is kept, and the task stays signed off).
        if (task.Status != RectificationStatus.SignedOff && (task.LastReportAt is null || report.ReportedAt >= task.LastReportAt))
        {
            var applied = task with { Status = report.Status, PercentComplete = report.PercentComplete, LastReportAt = report.ReportedAt };
            await WriteTaskAsync(connection, transaction, applied, cancellationToken);
            task = applied with { Version = task.Version + 1 };
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReportSubmission(ReportOutcome.Stored, report, task);
    }

    public async Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await ReadReportBySourceAsync(connection, null, sourceId, cancellationToken);
    }

    public async Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var offset = ParseToken(page.ContinuationToken);
        var where = new List<string> { "1 = 1" };
        var parameters = new Dictionary<string, object?>();
        if (query.TaskNumber is { } number)
        {
            where.Add("task_number = $task");
            parameters["$task"] = number;
        }
        if (query.Period is { } period)
        {
            where.Add("period = $period");
            parameters["$period"] = period;
        }
        await using var connection = Open();
        var sql = $"SELECT {ReportColumns} FROM reports WHERE {string.Join(" AND ", where)} ORDER BY reported_at DESC, rowid DESC LIMIT $batch OFFSET $offset";
        var (items, scanned, more) = await ScanAsync(connection, sql, parameters, "$offset", offset, page.Size, ReadReport,
            (_, position) => position + 1,
            report => query.Unit is null || _matcher.SameUnit(report.Unit, query.Unit),
            cancellationToken);
        return new Page<ProgressReport>(items, more ? scanned.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId) && string.IsNullOrWhiteSpace(upn))
        {
            return null;
        }
        await using var connection = Open();
        await using var command = Command(connection, null,
            "SELECT aad_object_id, upn, name, unit, role FROM people WHERE aad_object_id = $aad OR (upn = $upn) ORDER BY (aad_object_id = $aad) DESC LIMIT 1",
            new() { ["$aad"] = aadObjectId, ["$upn"] = upn });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPerson(reader) : null;
    }

    public async Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, "SELECT aad_object_id, upn, name, unit, role FROM people ORDER BY unit, name", []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<Person>();
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(ReadPerson(reader));
        }
        return people;
    }

    public async Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default)
    {
        List<Person> added = [], updated = [], unchanged = [];
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        foreach (var person in people)
        {
            await using var find = Command(connection, transaction,
                "SELECT id, aad_object_id, upn, name, unit, role FROM people WHERE aad_object_id = $aad OR upn = $upn ORDER BY (aad_object_id = $aad) DESC LIMIT 1",
                new() { ["$aad"] = person.AadObjectId, ["$upn"] = person.Upn });
            long? id = null;
            Person? existing = null;
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    id = reader.GetInt64(0);
                    existing = new Person(NullableString(reader, 1), NullableString(reader, 2), reader.GetString(3), reader.GetString(4), Enum.Parse<PersonRole>(reader.GetString(5)));
                }
            }
            var values = new Dictionary<string, object?>
            {
                ["$id"] = id,
                ["$aad"] = person.AadObjectId,
                ["$upn"] = person.Upn,
                ["$name"] = person.Name,
                ["$unit"] = person.Unit,
                ["$role"] = person.Role.ToString(),
            };
            if (existing is null)
            {
                await using var insert = Command(connection, transaction, "INSERT INTO people (aad_object_id, upn, name, unit, role) VALUES ($aad, $upn, $name, $unit, $role)", values);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                added.Add(person);
            }
            else if (existing == person)
            {
                unchanged.Add(person);
            }
            else
            {
                // Keep an id the row already has where the new row leaves it out.
                values["$aad"] = person.AadObjectId ?? existing.AadObjectId;
                values["$upn"] = person.Upn ?? existing.Upn;
                await using var update = Command(connection, transaction, "UPDATE people SET aad_object_id = $aad, upn = $upn, name = $name, unit = $unit, role = $role WHERE id = $id", values);
                await update.ExecuteNonQueryAsync(cancellationToken);
                updated.Add(person);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new PeopleOutcome(added, updated, unchanged);
    }

    /// <summary>
    /// Reads rows in batches from a cursor (a keyset or an offset), keeps those the filter accepts, and stops when a
    /// page is full: filters SQL cannot express (loose unit matching) still page without reading everything.
    /// </summary>
    private static async Task<(List<T> Items, long Cursor, bool More)> ScanAsync<T>(
        SqliteConnection connection, string sql, Dictionary<string, object?> parameters, string cursorParameter, long cursor, int size,
        Func<SqliteDataReader, T> read, Func<T, long, long> advance, Func<T, bool> keep, CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        var more = true;
        while (items.Count < size && more)
        {
            var batch = new List<T>();
            await using (var command = Command(connection, null, sql, parameters))
            {
                command.Parameters.AddWithValue(cursorParameter, cursor);
                command.Parameters.AddWithValue("$batch", size + 1);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    batch.Add(read(reader));
                }
            }
            more = batch.Count > size;
            foreach (var item in batch.Take(size))
            {
                cursor = advance(item, cursor);
                if (keep(item))
                {
                    items.Add(item);
                    if (items.Count == size)
                    {
                        more = more || !ReferenceEquals(item, batch[^1]);
                        break;
                    }
                }
            }
        }
        return (items, cursor, more);
    }

    private static async Task<int> WriteTaskAsync(SqliteConnection connection, SqliteTransaction transaction, RectificationTask task, CancellationToken cancellationToken)
    {
        var parameters = TaskParameters(task);
        parameters["$version"] = task.Version;
        await using var command = Command(connection, transaction,
            """
            UPDATE tasks SET category = $category, section = $section, problem = $problem, goal = $goal, measures = $measures,
                deadline = $deadline, deadline_text = $deadlineText, deadline_kind = $deadlineKind,
                lead_units_text = $leadText, lead_units = $lead, responsible_units_text = $responsibleText, responsible_units = $responsible,
                responsible_persons = $persons, status = $status, percent_complete = $percent, last_report_at = $lastReportAt,
                version = version + 1
            WHERE number = $number AND version = $version
            """, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, Dictionary<string, object?> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, []);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static long ParseToken(string? token) =>
        token is null ? 0 : long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException("Invalid continuation token.", nameof(token));

    internal static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string FormatInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
