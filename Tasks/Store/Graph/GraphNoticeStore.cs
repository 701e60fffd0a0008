using System.Globalization;
using Polly;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The supervision notices as items of the Notices list (one per notice; NoticeId, Code and SourceId unique) and their
/// recipients as items of the NoticeRecipients list (one per person, RecipientKey <c>{notice}|{person}</c> unique), so
/// two people acknowledging at once write two items and never overwrite each other. A notice's number is the year's
/// highest plus one; a create refused with <c>409</c> is read back by its SourceId (this issue landed before, its answer
/// lost, or another press of the same preview won: that notice) and otherwise means another issuer took the number: the
/// next is tried. The notice item names its recipients, so an issue interrupted before all recipient items were made is
/// completed when it is issued again. Closing and returning write the notice with <c>If-Match</c>, re-read on <c>412</c>.
/// </summary>
public sealed class GraphNoticeStore(GraphListClient lists, GraphStoreOptions options, TimeProvider time) : INoticeStore
{
    private static readonly string[] NoticeFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Notices).Columns.Select(c => c.Name)];
    private static readonly string[] RecipientFields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.NoticeRecipients).Columns.Select(c => c.Name)];

    private readonly ResiliencePipeline _conflicts = GraphConflicts.Pipeline(options, time);

    public async Task<NoticeIssue> IssueNoticeAsync(NoticeDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(draft.SourceId);
        var id = Guid.NewGuid().ToString("N");
        var recipients = draft.Recipients.DistinctBy(r => r.PersonKey).ToList();
        var issued = await _conflicts.ExecuteAsync(async attempt =>
        {
            if (await FindAsync("SourceId", draft.SourceId, attempt) is { } existing)
            {
                return Write.Done<(GraphItem?, bool)>((existing, Text(existing.Fields, "NoticeId") == id));
            }
            var numbers = await lists.QueryAsync(GraphLists.Notices, $"fields/Year eq {draft.Year.ToString(CultureInfo.InvariantCulture)}", NoticeFields, false, attempt);
            var number = numbers.Select(n => (int)(Number(n.Fields, "NoticeNumber") ?? 0)).DefaultIfEmpty(0).Max() + 1;
            var fields = new Dictionary<string, object?>
            {
                ["Title"] = SupervisionNotice.CodeOf(draft.Year, number),
                ["NoticeId"] = id,
                ["Code"] = SupervisionNotice.CodeOf(draft.Year, number),
                ["SourceId"] = draft.SourceId,
                ["Year"] = draft.Year,
                ["NoticeNumber"] = number,
                ["TaskNumber"] = draft.TaskNumber,
                ["Units"] = WriteJson(draft.Units),
                ["Reason"] = draft.Reason,
                ["NoteText"] = draft.Note,
                ["ReplyBy"] = WriteDate(draft.ReplyBy),
                ["IssuerId"] = draft.IssuerId,
                ["IssuerName"] = draft.IssuerName,
                ["IssuedAt"] = WriteInstant(draft.IssuedAt),
                ["State"] = nameof(NoticeState.Open),
                ["Recipients"] = WriteJson(recipients.Select(r => new[] { r.PersonKey, r.Name, r.Unit })),
            };
            // 409: the number (another issuer) or the source (this very issue landed, or the same preview pressed twice).
            return await lists.CreateAsync(GraphLists.Notices, fields, attempt) is not null
                ? Write.Done((await FindAsync("NoticeId", id, attempt), true))
                : Write.Conflict<(GraphItem?, bool)>();
        }, cancellationToken);
        var (item, created) = issued.Value;
        if (item is null)
        {
            throw new InvalidOperationException($"The notice issued from {draft.SourceId} was created but cannot be read back.");
        }
        var noticeId = Text(item.Fields, "NoticeId");
        // The recipients' items: made now, or completed when the same preview is issued again after an interruption.
        var have = (await RecipientItemsAsync(noticeId, cancellationToken)).Select(r => Text(r.Fields, "PersonKey")).ToHashSet(StringComparer.Ordinal);
        foreach (var recipient in NamedRecipients(item).Where(r => !have.Contains(r.PersonKey)))
        {
            await lists.CreateAsync(GraphLists.NoticeRecipients, new Dictionary<string, object?>
            {
                ["Title"] = recipient.PersonKey,
                ["RecipientKey"] = RecipientKey(noticeId, recipient.PersonKey),
                ["NoticeId"] = noticeId,
                ["PersonKey"] = recipient.PersonKey,
                ["PersonName"] = recipient.Name,
                ["Unit"] = recipient.Unit,
            }, cancellationToken); // null: made already (a lost answer): nothing to do
        }
        return new NoticeIssue(await ReadAsync(item, cancellationToken), created);
    }

    public async Task<SupervisionNotice?> GetNoticeAsync(string id, CancellationToken cancellationToken = default) =>
        await FindAsync("NoticeId", id, cancellationToken) is { } item ? await ReadAsync(item, cancellationToken) : null;

    public async Task<IReadOnlyList<SupervisionNotice>> ListNoticesAsync(int? taskNumber = null, CancellationToken cancellationToken = default)
    {
        var items = await lists.QueryAsync(GraphLists.Notices, taskNumber is { } n ? $"fields/TaskNumber eq {n.ToString(CultureInfo.InvariantCulture)}" : null, NoticeFields, false, cancellationToken);
        var recipients = (await lists.QueryAsync(GraphLists.NoticeRecipients, null, RecipientFields, false, cancellationToken))
            .ToLookup(r => Text(r.Fields, "NoticeId"), StringComparer.Ordinal);
        return [.. items.Where(i => Text(i.Fields, "NoticeId").Length > 0)
            .Select(i => Notice(i, recipients[Text(i.Fields, "NoticeId")]))
            .OrderBy(n => n.Year).ThenBy(n => n.Number)];
    }

    public Task<NoticeWrite> AcknowledgeNoticeAsync(string id, string personKey, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecipientWriteAsync(id, personKey, r => r.AcknowledgedAt is not null, _ => new() { ["AcknowledgedAt"] = WriteInstant(at) }, cancellationToken);

    public Task<NoticeWrite> AnswerNoticeAsync(string id, string personKey, string answer, IReadOnlyList<string> evidence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecipientWriteAsync(id, personKey, r => r.AnsweredAt is not null, r => new()
        {
            ["AnsweredAt"] = WriteInstant(at),
            ["AcknowledgedAt"] = WriteInstant(r.AcknowledgedAt ?? at),
            ["Answer"] = answer,
            ["Evidence"] = WriteJson(evidence),
        }, cancellationToken);

    public async Task<NoticeWrite> CloseNoticeAsync(string id, string closerId, string closerName, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var written = await _conflicts.ExecuteAsync(async attempt =>
        {
            if (await FindAsync("NoticeId", id, attempt) is not { } item)
            {
                return Write.Done(new NoticeWrite(NoticeWriteOutcome.NotFound, null));
            }
            if (Text(item.Fields, "State") == nameof(NoticeState.Closed))
            {
                return Write.Done(new NoticeWrite(NoticeWriteOutcome.Already, await ReadAsync(item, attempt)));
            }
            var fields = new Dictionary<string, object?> { ["State"] = nameof(NoticeState.Closed), ["ClosedById"] = closerId, ["ClosedByName"] = closerName, ["ClosedAt"] = WriteInstant(at) };
            return await lists.UpdateAsync(GraphLists.Notices, item.Id, fields, item.ETag, attempt)
                ? Write.Done(new NoticeWrite(NoticeWriteOutcome.Done, await GetNoticeAsync(id, attempt)))
                : Write.Conflict<NoticeWrite>();
        }, cancellationToken);
        return written.Value!;
    }

    public async Task<bool> MarkNoticeReturnedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var marked = await _conflicts.ExecuteAsync(async attempt =>
        {
            if (await FindAsync("NoticeId", id, attempt) is not { } item || Instant(item.Fields, "ReturnedAt") is not null)
            {
                return Write.Done(false);
            }
            return await lists.UpdateAsync(GraphLists.Notices, item.Id, new() { ["ReturnedAt"] = WriteInstant(at) }, item.ETag, attempt)
                ? Write.Done(true)
                : Write.Conflict<bool>();
        }, cancellationToken);
        return marked.Value;
    }

    /// <summary>A recipient's act on their own item, with <c>If-Match</c>; a <c>412</c> (their own second press) reads it again.</summary>
    private async Task<NoticeWrite> RecipientWriteAsync(string id, string personKey, Func<NoticeRecipient, bool> done, Func<NoticeRecipient, Dictionary<string, object?>> fields, CancellationToken cancellationToken)
    {
        var written = await _conflicts.ExecuteAsync(async attempt =>
        {
            var notice = await GetNoticeAsync(id, attempt);
            if (NoticeRules.Refusal(notice, personKey) is { } refused)
            {
                return Write.Done(new NoticeWrite(refused, notice));
            }
            var recipient = notice!.RecipientOf(personKey)!;
            if (done(recipient))
            {
                return Write.Done(new NoticeWrite(NoticeWriteOutcome.Already, notice));
            }
            if (await lists.FindByKeyAsync(GraphLists.NoticeRecipients, "RecipientKey", RecipientKey(id, personKey), RecipientFields, attempt) is not { } item)
            {
                return Write.Done(new NoticeWrite(NoticeWriteOutcome.NotRecipient, notice));
            }
            return await lists.UpdateAsync(GraphLists.NoticeRecipients, item.Id, fields(recipient), item.ETag, attempt)
                ? Write.Done(new NoticeWrite(NoticeWriteOutcome.Done, await GetNoticeAsync(id, attempt)))
                : Write.Conflict<NoticeWrite>();
        }, cancellationToken);
        return written.Value!;
    }

    private static string RecipientKey(string noticeId, string personKey) => $"{noticeId}|{personKey}";

    private Task<GraphItem?> FindAsync(string column, string value, CancellationToken cancellationToken) =>
        lists.FindByKeyAsync(GraphLists.Notices, column, value, NoticeFields, cancellationToken);

    private Task<List<GraphItem>> RecipientItemsAsync(string noticeId, CancellationToken cancellationToken) =>
        lists.QueryAsync(GraphLists.NoticeRecipients, $"fields/NoticeId eq {Literal(noticeId)}", RecipientFields, false, cancellationToken);

    private async Task<SupervisionNotice> ReadAsync(GraphItem item, CancellationToken cancellationToken) =>
        Notice(item, await RecipientItemsAsync(Text(item.Fields, "NoticeId"), cancellationToken));

    /// <summary>The recipients the notice item names, in order: the people it was sent to.</summary>
    private static List<NoticeRecipient> NamedRecipients(GraphItem item) =>
        [.. JsonList<string[]>(item.Fields, "Recipients").Where(r => r.Length == 3).Select(r => new NoticeRecipient(r[0], r[1], r[2]))];

    private static SupervisionNotice Notice(GraphItem item, IEnumerable<GraphItem> recipientItems)
    {
        var f = item.Fields;
        var states = recipientItems.GroupBy(r => Text(r.Fields, "PersonKey"), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Fields, StringComparer.Ordinal);
        return new SupervisionNotice
        {
            Id = Text(f, "NoticeId"),
            Year = (int)(Number(f, "Year") ?? 0),
            Number = (int)(Number(f, "NoticeNumber") ?? 0),
            SourceId = Text(f, "SourceId"),
            TaskNumber = (int)(Number(f, "TaskNumber") ?? 0),
            Units = JsonList<string>(f, "Units"),
            Reason = Text(f, "Reason"),
            Note = Text(f, "NoteText"),
            ReplyBy = Date(f, "ReplyBy") ?? DateOnly.MinValue,
            IssuerId = Text(f, "IssuerId"),
            IssuerName = Text(f, "IssuerName"),
            IssuedAt = Instant(f, "IssuedAt") ?? DateTimeOffset.MinValue,
            State = Text(f, "State") == nameof(NoticeState.Closed) ? NoticeState.Closed : NoticeState.Open,
            ClosedById = Text(f, "ClosedById") is { Length: > 0 } by ? by : null,
            ClosedByName = Text(f, "ClosedByName") is { Length: > 0 } name ? name : null,
            ClosedAt = Instant(f, "ClosedAt"),
            ReturnedAt = Instant(f, "ReturnedAt"),
            Recipients = [.. NamedRecipients(item).Select(r => states.TryGetValue(r.PersonKey, out var s) ? r with
            {
                AcknowledgedAt = Instant(s, "AcknowledgedAt"),
                AnsweredAt = Instant(s, "AnsweredAt"),
                Answer = Text(s, "Answer"),
                Evidence = JsonList<string>(s, "Evidence"),
            } : r)],
        };
    }
}
