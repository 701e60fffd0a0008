using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;
using RectifyBot.Bot;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Middleware;

namespace Microsoft.Extensions.DependencyInjection;

public static class BotServiceCollectionExtensions
{
    /// <summary>Everything the bot needs, for the web host and the command line alike.</summary>
    public static IServiceCollection AddRectifyBot(this IServiceCollection services)
    {
        services.AddRectifyTasks();
        services.AddRectifyDialogs();
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient();
        services.AddTransient<ConnectorFailure.Marker>();
        services.AddHttpClient(ConnectorHttpClients.Name)
            .AddHttpMessageHandler<ConnectorFailure.Marker>()
            .ConfigureHttpClient((sp, client) => client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<BotOptions>>().Value.ConnectorTimeoutSeconds));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            httpClientFactory: new ConnectorHttpClients(sp.GetRequiredService<IHttpClientFactory>()),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        services.AddSingleton<TenantFilter>();
        services.AddSingleton<SigningKeyFailures>();
        services.AddSingleton(sp => new RectifyAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<PrivateConversationState>(),
            sp.GetServices<Microsoft.Bot.Builder.IMiddleware>(),
            sp.GetRequiredService<ILogger<RectifyAdapter>>(),
            sp.GetRequiredService<TenantFilter>()));
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddSingleton<BotAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddSingleton<RectifyBot.Bot.Proactive.ProactiveSender>();
        services.AddSingleton<RectifyBot.Dialogs.Proactive.IProactiveSender>(sp => sp.GetRequiredService<RectifyBot.Bot.Proactive.ProactiveSender>());
        services.AddSingleton<RectifyBot.Bot.Proactive.RhythmRunner>();
        services.AddSingleton<RectifyBot.Bot.Proactive.RhythmRetries>();
        services.AddSingleton<RectifyBot.Bot.Proactive.RhythmClock>();
        services.AddTransient<IBot, RectifyActivityHandler>();
        services.AddTransient<ConsoleChat>();
        services.AddHostedService<OutboxService>();
        return services;
    }
}
