using RectifyBot.Bot.Middleware;
using RectifyBot.Bot.Playground;

namespace RectifyBot.Bot.Hosting;

/// <summary>The ASP.NET Core host: <c>/api/messages</c> for the Bot Framework, and the probes <c>/healthz</c> and <c>/readyz</c>.</summary>
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
        // Deployment: listening addresses, probes, graceful shutdown (ListeningAddresses, Probes, Shutdown).
        ListeningAddresses.ApplyDefault(builder);
        Shutdown.Configure(builder);
        builder.Services.AddRectifyProbes();
        Telemetry.Configure(builder);

        builder.Services.AddRectifyBot();
        builder.Services.AddHostedService<SampleSeeder>();
        builder.Services.AddHostedService<RectifyBot.Bot.Proactive.RhythmService>();
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
        app.MapRectifyProbes();
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
}
