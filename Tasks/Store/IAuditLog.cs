using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The audit trail, kept in the task store: append-only. SQLite: the <c>audit</c> table, whose triggers refuse any update
/// or delete. Graph: the <c>RectifyAudit</c> list, to which the bot only adds items.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends the entry, once: an entry with the same <see cref="AuditEntry.Key"/> already in the log is kept and
    /// returned instead (a retried append writes nothing). Returns the stored entry with its sequence.
    /// </summary>
    Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Entries matching the query, oldest first, one page at a time.</summary>
    Task<Page<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default);
}

/// <summary>Filters for <see cref="IAuditLog.QueryAuditAsync"/>; all that are set must hold.</summary>
public sealed record AuditQuery
{
    public static readonly AuditQuery All = new();

    public int? TaskNumber { get; init; }

    /// <summary>At or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this action (one of <see cref="AuditActions"/>).</summary>
    public string? Action { get; init; }
}

public static class AuditLogExtensions
{
    /// <summary>Appends what <paramref name="actor"/> did now.</summary>
    public static Task<AuditEntry> AppendAsync(this IAuditLog log, TimeProvider time, AuditActor actor, string action, int? taskNumber = null,
        string subject = "", string details = "", bool refused = false, string? key = null, CancellationToken cancellationToken = default) =>
        log.AppendAsync(new AuditEntry
        {
            Key = key ?? Guid.NewGuid().ToString("N"),
            At = time.GetUtcNow(),
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            TaskNumber = taskNumber,
            Subject = subject,
            Details = details,
            Refused = refused,
        }, cancellationToken);

    /// <summary>Every entry matching the query, oldest first (for the export).</summary>
    public static Task<List<AuditEntry>> ReadAllAuditAsync(this IAuditLog log, AuditQuery query, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync((page, ct) => log.QueryAuditAsync(query, page, ct), cancellationToken);
}
