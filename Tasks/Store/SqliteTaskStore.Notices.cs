using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The supervision notices (<see cref="INoticeStore"/>): the <c>notices</c> table, numbered per year under
/// UNIQUE(year, number) in the issuing transaction (an immediate one: issuers take turns), and a row per recipient in
/// <c>notice_recipients</c>, each acknowledged and answered on its own.
/// </summary>
public sealed partial class SqliteTaskStore : INoticeStore
{
    private const string NoticeColumns = "id, year, number, source_id, task_number, units, reason, note, reply_by, issuer_id, issuer_name, issued_at, state, closed_by_id, closed_by_name, closed_at, returned_at";
    private const string RecipientColumns = "notice_id, person_key, name, unit, acknowledged_at, answered_at, answer, evidence";

    public async Task<NoticeIssue> IssueNoticeAsync(NoticeDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(draft.SourceId);
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        if (await ReadNoticesAsync(connection, transaction, "WHERE source_id = $source", new() { ["$source"] = draft.SourceId }, cancellationToken) is [var existing])
        {
            return new NoticeIssue(existing, false);
        }
        var id = Guid.NewGuid().ToString("N");
        // The number is the year's next, read and written in this one statement of the transaction.
        await using (var insert = Command(connection, transaction, $"""
            INSERT INTO notices ({NoticeColumns})
            SELECT $id, $year, COALESCE(MAX(number), 0) + 1, $source, $task, $units, $reason, $note, $replyBy, $issuerId, $issuerName, $issuedAt, 'Open', NULL, NULL, NULL, NULL
            FROM notices WHERE year = $year
            """, new()
        {
            ["$id"] = id,
            ["$year"] = draft.Year,
            ["$source"] = draft.SourceId,
            ["$task"] = draft.TaskNumber,
            ["$units"] = JsonSerializer.Serialize(draft.Units),
            ["$reason"] = draft.Reason,
            ["$note"] = draft.Note,
            ["$replyBy"] = FormatDate(draft.ReplyBy),
            ["$issuerId"] = draft.IssuerId,
            ["$issuerName"] = draft.IssuerName,
            ["$issuedAt"] = FormatInstant(draft.IssuedAt),
        }))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var recipient in draft.Recipients.DistinctBy(r => r.PersonKey))
        {
            await using var add = Command(connection, transaction, $"INSERT INTO notice_recipients ({RecipientColumns}) VALUES ($id, $person, $name, $unit, NULL, NULL, '', '[]')", new()
            {
                ["$id"] = id,
                ["$person"] = recipient.PersonKey,
                ["$name"] = recipient.Name,
                ["$unit"] = recipient.Unit,
            });
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        var stored = (await ReadNoticesAsync(connection, transaction, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        return new NoticeIssue(stored, true);
    }

    public async Task<SupervisionNotice?> GetNoticeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return (await ReadNoticesAsync(connection, null, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<SupervisionNotice>> ListNoticesAsync(int? taskNumber = null, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return taskNumber is { } number
            ? await ReadNoticesAsync(connection, null, "WHERE task_number = $task", new() { ["$task"] = number }, cancellationToken)
            : await ReadNoticesAsync(connection, null, "", [], cancellationToken);
    }

    public Task<NoticeWrite> AcknowledgeNoticeAsync(string id, string personKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecipientWriteAsync(id, personKey, r => r.AcknowledgedAt is not null,
            "acknowledged_at = $at", new() { ["$at"] = FormatInstant(at) }, cancellationToken);

    public Task<NoticeWrite> AnswerNoticeAsync(string id, string personKey, string answer, IReadOnlyList<string> evidence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecipientWriteAsync(id, personKey, r => r.AnsweredAt is not null,
            "answered_at = $at, acknowledged_at = COALESCE(acknowledged_at, $at), answer = $answer, evidence = $evidence",
            new() { ["$at"] = FormatInstant(at), ["$answer"] = answer, ["$evidence"] = JsonSerializer.Serialize(evidence) }, cancellationToken);

    public async Task<NoticeWrite> CloseNoticeAsync(string id, string closerId, string closerName, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        var notice = (await ReadNoticesAsync(connection, transaction, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken)).FirstOrDefault();
        if (notice is null)
        {
            return new NoticeWrite(NoticeWriteOutcome.NotFound, null);
        }
        if (notice.State == NoticeState.Closed)
        {
            return new NoticeWrite(NoticeWriteOutcome.Already, notice);
        }
        await using (var close = Command(connection, transaction, "UPDATE notices SET state = 'Closed', closed_by_id = $by, closed_by_name = $name, closed_at = $at WHERE id = $id",
            new() { ["$id"] = id, ["$by"] = closerId, ["$name"] = closerName, ["$at"] = FormatInstant(at) }))
        {
            await close.ExecuteNonQueryAsync(cancellationToken);
        }
        var closed = (await ReadNoticesAsync(connection, transaction, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        return new NoticeWrite(NoticeWriteOutcome.Done, closed);
    }

    public async Task<bool> MarkNoticeReturnedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, null, "UPDATE notices SET returned_at = $at WHERE id = $id AND returned_at IS NULL", new() { ["$id"] = id, ["$at"] = FormatInstant(at) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A recipient's act: refused (not found, not theirs, closed), already done, or written in one transaction.</summary>
    private async Task<NoticeWrite> RecipientWriteAsync(string id, string personKey, Func<NoticeRecipient, bool> done, string set, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        var notice = (await ReadNoticesAsync(connection, transaction, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken)).FirstOrDefault();
        if (NoticeRules.Refusal(notice, personKey) is { } refused)
        {
            return new NoticeWrite(refused, notice);
        }
        if (done(notice!.RecipientOf(personKey)!))
        {
            return new NoticeWrite(NoticeWriteOutcome.Already, notice);
        }
        parameters["$id"] = id;
        parameters["$person"] = personKey;
        await using (var update = Command(connection, transaction, $"UPDATE notice_recipients SET {set} WHERE notice_id = $id AND person_key = $person", parameters))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        var written = (await ReadNoticesAsync(connection, transaction, "WHERE id = $id", new() { ["$id"] = id }, cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        return new NoticeWrite(NoticeWriteOutcome.Done, written);
    }

    private static async Task<List<SupervisionNotice>> ReadNoticesAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        var notices = new List<SupervisionNotice>();
        await using (var command = Command(connection, transaction, $"SELECT {NoticeColumns} FROM notices {where} ORDER BY year, number", parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                notices.Add(NoticeFromRow(reader));
            }
        }
        if (notices.Count == 0)
        {
            return notices;
        }
        var recipients = new Dictionary<string, List<NoticeRecipient>>(StringComparer.Ordinal);
        var ids = notices.Select((n, i) => (n.Id, Name: "$n" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        await using (var command = Command(connection, transaction, $"SELECT {RecipientColumns} FROM notice_recipients WHERE notice_id IN ({string.Join(", ", ids.Select(i => i.Name))}) ORDER BY rowid",
            ids.ToDictionary(i => i.Name, i => (object?)i.Id)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var noticeId = reader.GetString(0);
                (recipients.TryGetValue(noticeId, out var list) ? list : recipients[noticeId] = []).Add(new NoticeRecipient(reader.GetString(1), reader.GetString(2), reader.GetString(3))
                {
                    AcknowledgedAt = reader.IsDBNull(4) ? null : ParseInstant(reader.GetString(4)),
                    AnsweredAt = reader.IsDBNull(5) ? null : ParseInstant(reader.GetString(5)),
                    Answer = reader.GetString(6),
                    Evidence = JsonSerializer.Deserialize<List<string>>(reader.GetString(7)) ?? [],
                });
            }
        }
        return [.. notices.Select(n => n with { Recipients = recipients.GetValueOrDefault(n.Id) ?? [] })];
    }

    private static SupervisionNotice NoticeFromRow(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Year = r.GetInt32(1),
        Number = r.GetInt32(2),
        SourceId = r.GetString(3),
        TaskNumber = r.GetInt32(4),
        Units = JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? [],
        Reason = r.GetString(6),
        Note = r.GetString(7),
        ReplyBy = DateOnly.ParseExact(r.GetString(8), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        IssuerId = r.GetString(9),
        IssuerName = r.GetString(10),
        IssuedAt = ParseInstant(r.GetString(11)),
        State = Enum.Parse<NoticeState>(r.GetString(12)),
        ClosedById = r.IsDBNull(13) ? null : r.GetString(13),
        ClosedByName = r.IsDBNull(14) ? null : r.GetString(14),
        ClosedAt = r.IsDBNull(15) ? null : ParseInstant(r.GetString(15)),
        ReturnedAt = r.IsDBNull(16) ? null : ParseInstant(r.GetString(16)),
    };
}
