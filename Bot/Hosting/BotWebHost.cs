using Microsoft.Extensions.Diagnostics.HealthChecks;
using RectifyBot.Bot.Middleware;
using RectifyBot.Bot.Playground;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>The ASP.NET Core host: <c>/api/messages</c> for the Bot Framework and <c>/healthz</c>.</summary>
public static partial class BotWebHost
{
    /// <param name="configurationArgs"><c>--Key=value</c> configuration.</param>
    /// <param name="configure">Changes to the builder before the host is built (tests add log sinks here).</param>
    public static WebApplication Build(string[] configurationArgs, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddRectifyBot();
        builder.Services.AddHostedService<SampleSeeder>();
        builder.Services.AddHostedService<RectifyBot.Bot.Proactive.RhythmService>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");
        builder.Services.AddRectifyPlayground();
        configure?.Invoke(builder);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILogger<RectifyAdapter>>();
        if (string.IsNullOrWhiteSpace(app.Configuration["MicrosoftAppId"]))
        {
            LogAuthenticationOff(logger);
        }
        if (app.Services.GetRequiredService<TenantFilter>().AllowsAnyTenant)
        {
            LogAnyTenant(logger);
        }
        app.MapBotMessages();
        app.MapHealthChecks("/healthz");
        if (PlaygroundOptions.IsOn(app.Configuration))
        {
            // Web Chat at / and a local Direct Line; off (404) with an app id or Playground:Enabled=false.
            app.MapRectifyPlayground();
        }
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MicrosoftAppId is not configured: /api/messages accepts unauthenticated local traffic (Bot Framework Emulator). Configure MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId before exposing it.")]
    private static partial void LogAuthenticationOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:AllowedTenants is empty: activities from any Microsoft 365 tenant are handled. List the city's tenant id(s) before exposing the bot.")]
    private static partial void LogAnyTenant(ILogger logger);

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
