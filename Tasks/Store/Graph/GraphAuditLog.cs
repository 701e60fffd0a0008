using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The audit trail as items of the Audit list, one per entry, its key in the unique AuditKey column. Append-only: the bot
/// only creates items, never updates or deletes one. An entry whose key is already there is answered <c>409</c>: it was
/// appended before (a retried act, or a create applied whose answer was lost and which the SDK sent again), so that item
/// is read back and returned, unchanged. A create that failed for good is looked up once: there, it landed; not there,
/// the error stands. The sequence is the list item's id, which SharePoint gives in increasing order. Queries filter on the
/// server by the indexed TaskNumber, At and Action columns, and are ordered by id here (<c>$orderby</c> on list items is
/// not reliable); a page's continuation is the last sequence it held.
/// </summary>
public sealed partial class GraphAuditLog(GraphListClient lists, ILogger<GraphAuditLog>? logger = null) : IAuditLog
{
    /// <summary>A SharePoint text column holds 255 characters; a longer key is kept as its hash.</summary>
    private const int MaxKeyLength = 255;

    private static readonly string[] Fields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Audit).Columns.Select(c => c.Name)];

    private readonly ILogger _logger = logger ?? NullLogger<GraphAuditLog>.Instance;

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var key = StoredKey(entry.Key);
        var fields = new Dictionary<string, object?>
        {
            ["Title"] = key,
            ["AuditKey"] = key,
            ["At"] = WriteInstant(entry.At),
            ["ActorId"] = entry.ActorId,
            ["ActorName"] = entry.ActorName,
            ["Action"] = entry.Action,
            ["Subject"] = entry.Subject,
            ["Details"] = entry.Details,
            ["Refused"] = entry.Refused,
        };
        if (entry.TaskNumber is { } task)
        {
            fields["TaskNumber"] = task; // left out, not null, when there is none: an empty number column
        }
        try
        {
            if (await lists.CreateAsync(GraphLists.Audit, fields, cancellationToken) is { } created)
            {
                return entry with { Key = key, Sequence = long.Parse(created.Id, CultureInfo.InvariantCulture) };
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && GraphTaskStore.IsTransient(e))
        {
            // Failed after the SDK's retries: the create may still have landed. Only if it is there is the entry appended.
            if (await FindAsync(key, cancellationToken) is { } landed)
            {
                return landed;
            }
            throw;
        }
        LogAlreadyAppended(_logger, key);
        return await FindAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"The audit entry {key} was refused as a duplicate but cannot be read back.");
    }

    public async Task<Page<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page.Size, 1);
        var conditions = new List<string>();
        if (query.TaskNumber is { } number)
        {
            conditions.Add($"fields/TaskNumber eq {number.ToString(CultureInfo.InvariantCulture)}");
        }
        if (query.From is { } from)
        {
            conditions.Add($"fields/At ge {Literal(WriteInstant(from))}");
        }
        if (query.To is { } to)
        {
            conditions.Add($"fields/At lt {Literal(WriteInstant(to))}");
        }
        if (query.Action is { } action)
        {
            conditions.Add($"fields/Action eq {Literal(action)}");
        }
        var after = long.TryParse(page.ContinuationToken, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var items = await lists.QueryAsync(GraphLists.Audit, conditions.Count == 0 ? null : string.Join(" and ", conditions), Fields, false, cancellationToken);
        var entries = items.Select(ToEntry).Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(page.Size + 1).ToList();
        return entries.Count > page.Size
            ? new Page<AuditEntry>(entries[..page.Size], entries[page.Size - 1].Sequence.ToString(CultureInfo.InvariantCulture))
            : new Page<AuditEntry>(entries, null);
    }

    /// <summary>SharePoint compares keys without case: the item written with exactly this key is the one (see <see cref="GraphListClient.FindByKeyAsync"/>).</summary>
    private async Task<AuditEntry?> FindAsync(string key, CancellationToken cancellationToken) =>
        await lists.FindByKeyAsync(GraphLists.Audit, "AuditKey", key, Fields, cancellationToken) is { } found ? ToEntry(found) : null;

    private static string StoredKey(string key) =>
        key.Length <= MaxKeyLength ? key : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static AuditEntry ToEntry(GraphItem item) => new()
    {
        Sequence = long.Parse(item.Id, CultureInfo.InvariantCulture),
        Key = Text(item.Fields, "AuditKey"),
        At = Instant(item.Fields, "At") ?? DateTimeOffset.UnixEpoch,
        ActorId = Text(item.Fields, "ActorId"),
        ActorName = Text(item.Fields, "ActorName"),
        Action = Text(item.Fields, "Action"),
        TaskNumber = Number(item.Fields, "TaskNumber") is { } n ? (int)n : null,
        Subject = Text(item.Fields, "Subject"),
        Details = Text(item.Fields, "Details"),
        Refused = Flag(item.Fields, "Refused"),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit entry {Key} was already appended (409); reading it back")]
    private static partial void LogAlreadyAppended(ILogger logger, string key);
}
