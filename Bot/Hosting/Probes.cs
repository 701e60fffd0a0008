using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// The probes. <c>/healthz</c> is liveness: the process answers, whatever the store does (restarting a host does not
/// bring a store back). <c>/readyz</c> is readiness: the store can be read, the outbox is not failing and the
/// recognizers are warm; 503 until then. A Degraded outbox (reports the store refused for good) stays ready (200, and says
/// so in the body): taking hosts out of rotation would not fix those reports.
/// </summary>
public static class Probes
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string Ready = "ready";

    public static IServiceCollection AddRectifyProbes(this IServiceCollection services)
    {
        services.AddSingleton<RecognizerWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<RecognizerWarmup>());
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [Ready])
            .AddCheck<RecognizerWarmup.Check>("recognizers", tags: [Ready]);
        return services;
    }

    public static void MapRectifyProbes(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    /// <summary>The overall status and each check's status and description, as JSON (no exception text).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private sealed class StoreHealthCheck(ITaskStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.IsEmptyAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("The task store cannot be read.", e);
            }
        }
    }
}
