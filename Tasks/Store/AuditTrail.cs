using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// Where the bot's acts append to the audit log (<see cref="IAuditLog"/>), after the act itself succeeded. An append that
/// fails is logged at Error and does not fail the act: the report is stored, the setting changed, and the person must
/// hear so — answering "not saved" for a saved report, or undoing it, would be the worse error. Its key makes a retried
/// act one entry.
/// </summary>
public sealed partial class AuditTrail(IAuditLog log, TimeProvider time, ILogger<AuditTrail>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<AuditTrail>.Instance;

    public IAuditLog Log => log;

    /// <summary>Appends what <paramref name="actor"/> did now; null when the append failed (logged).</summary>
    public async Task<AuditEntry?> RecordAsync(AuditActor actor, string action, int? taskNumber = null, string subject = "", string details = "",
        bool refused = false, string? key = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await log.AppendAsync(time, actor, action, taskNumber, subject, details, refused, key, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogAppendFailed(_logger, e, action, actor.Id, taskNumber, subject);
            return null;
        }
    }

    /// <summary>The key of a report's entry: one per source (card or message), however often it is submitted or delivered.</summary>
    public static string ReportKey(string sourceId) => $"report:{sourceId}";

    /// <summary>A report's state for a reviewer: status, percent, period, and whether a leader reported for the unit.</summary>
    public static string ReportDetails(ProgressReport report) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{report.Status} {report.PercentComplete}%, period {report.Period}, unit {report.Unit}{(report.OnBehalf ? ", on behalf of the unit" : "")}");

    /// <summary>A refused attempt to write: who tried what, and why it was refused.</summary>
    public Task<AuditEntry?> RefusedAsync(AuditActor actor, string action, int? taskNumber, string subject, string why, string? key = null, CancellationToken cancellationToken = default) =>
        RecordAsync(actor, action, taskNumber, subject, why, refused: true, key, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not append {Action} by {Actor} (task {Task}, {Subject}) to the audit trail; the act itself stands")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string action, string actor, int? task, string subject);
}
