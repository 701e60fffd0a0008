using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>Rows to records and records to parameters.</summary>
public sealed partial class SqliteTaskStore
{
    private static Dictionary<string, object?> TaskParameters(RectificationTask task) => new()
    {
        ["$number"] = task.Number,
        ["$category"] = task.Category,
        ["$section"] = task.Section,
        ["$problem"] = task.Problem,
        ["$goal"] = task.Goal,
        ["$measures"] = JsonSerializer.Serialize(task.Measures),
        ["$deadline"] = task.Deadline.Date is { } d ? FormatDate(d) : null,
        ["$deadlineText"] = task.Deadline.Text,
        ["$deadlineKind"] = task.Deadline.Kind.ToString(),
        ["$leadText"] = task.LeadUnits.Text,
        ["$lead"] = JsonSerializer.Serialize(task.LeadUnits.Names),
        ["$responsibleText"] = task.ResponsibleUnits.Text,
        ["$responsible"] = JsonSerializer.Serialize(task.ResponsibleUnits.Names),
        ["$persons"] = task.ResponsiblePersons,
        ["$status"] = task.Status.ToString(),
        ["$percent"] = task.PercentComplete,
        ["$lastReportAt"] = task.LastReportAt is { } at ? FormatInstant(at) : null,
    };

    private static async Task<RectificationTask?> ReadTaskAsync(SqliteConnection connection, SqliteTransaction? transaction, int number, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {TaskColumns} FROM tasks WHERE number = $number", new() { ["$number"] = number });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTask(reader) : null;
    }

    private static RectificationTask ReadTask(SqliteDataReader r) => new()
    {
        Number = r.GetInt32(0),
        Category = r.GetString(1),
        Section = r.GetString(2),
        Problem = r.GetString(3),
        Goal = r.GetString(4),
        Measures = JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? [],
        Deadline = new Deadline(r.IsDBNull(6) ? null : DateOnly.ParseExact(r.GetString(6), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(7), Enum.Parse<DeadlineKind>(r.GetString(8))),
        LeadUnits = new UnitList(r.GetString(9), JsonSerializer.Deserialize<List<string>>(r.GetString(10)) ?? []),
        ResponsibleUnits = new UnitList(r.GetString(11), JsonSerializer.Deserialize<List<string>>(r.GetString(12)) ?? []),
        ResponsiblePersons = r.GetString(13),
        Status = Enum.Parse<RectificationStatus>(r.GetString(14)),
        PercentComplete = r.GetInt32(15),
        LastReportAt = r.IsDBNull(16) ? null : ParseInstant(r.GetString(16)),
        Version = r.GetInt64(17),
    };

    private static async Task<ProgressReport?> ReadReportBySourceAsync(SqliteConnection connection, SqliteTransaction? transaction, string sourceId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {ReportColumns} FROM reports WHERE source_id = $source", new() { ["$source"] = sourceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadReport(reader) : null;
    }

    private static ProgressReport ReadReport(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        TaskNumber = r.GetInt32(1),
        Unit = r.GetString(2),
        ReporterId = r.GetString(3),
        ReporterName = r.GetString(4),
        ReportedAt = ParseInstant(r.GetString(5)),
        Period = r.GetString(6),
        Status = Enum.Parse<RectificationStatus>(r.GetString(7)),
        PercentComplete = r.GetInt32(8),
        Summary = r.GetString(9),
        NextSteps = r.GetString(10),
        Evidence = JsonSerializer.Deserialize<List<string>>(r.GetString(11)) ?? [],
        SourceId = r.GetString(12),
        MeasuresDone = JsonSerializer.Deserialize<List<int>>(r.GetString(13)) ?? [],
        ExpectedCompletion = r.IsDBNull(14) ? null : DateOnly.ParseExact(r.GetString(14), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ExpectedCompletionText = r.GetString(15),
        Reason = r.GetString(16),
        OnBehalf = r.GetInt64(17) != 0,
    };

    private static Person ReadPerson(SqliteDataReader r) =>
        new(NullableString(r, 0), NullableString(r, 1), r.GetString(2), r.GetString(3), Enum.Parse<PersonRole>(r.GetString(4)));

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
