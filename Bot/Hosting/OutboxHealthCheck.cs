using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// <c>/readyz</c> Degraded while the outbox holds reports the store refused for good (marked failed, never retried):
/// an administrator must look at them. Says how many, and the oldest one's source, task and reason.
/// </summary>
public sealed class OutboxHealthCheck(ReportOutbox outbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = await outbox.FailedAsync(cancellationToken);
        var pending = (await outbox.PendingAsync(cancellationToken)).Count;
        var data = new Dictionary<string, object> { ["failed"] = failed.Count, ["pending"] = pending };
        if (failed.Count == 0)
        {
            return HealthCheckResult.Healthy(string.Format(CultureInfo.InvariantCulture, "{0} reports waiting in the outbox", pending), data);
        }
        var first = failed[0];
        return HealthCheckResult.Degraded(string.Format(CultureInfo.InvariantCulture,
            "{0} reports in the outbox were refused by the store and will not be retried; the first: source {1}, task {2}, queued {3:u}: {4}",
            failed.Count, first.Report.SourceId, first.Report.TaskNumber, first.QueuedAt, first.LastError), data: data);
    }
}
