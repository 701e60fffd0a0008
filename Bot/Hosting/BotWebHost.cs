using Microsoft.Extensions.Diagnostics.HealthChecks;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>The ASP.NET Core host: <c>/api/messages</c> for the Bot Framework and <c>/healthz</c>.</summary>
public static partial class BotWebHost
{
    public static WebApplication Build(string[] configurationArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddRectifyBot();
        builder.Services.AddHostedService<SampleSeeder>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILogger<RectifyAdapter>>();
        if (string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
        {
            LogAuthenticationOff(logger);
        }
        app.MapBotMessages();
        app.MapHealthChecks("/healthz");
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MicrosoftAppId is not configured: /api/messages accepts unauthenticated local traffic (Bot Framework Emulator). Configure MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId before exposing it.")]
    private static partial void LogAuthenticationOff(ILogger logger);

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
