using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using RectifyBot.Bot;
using RectifyBot.Bot.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class BotServiceCollectionExtensions
{
    /// <summary>Everything the bot needs, for the web host and the command line alike.</summary>
    public static IServiceCollection AddRectifyBot(this IServiceCollection services)
    {
        services.AddRectifyTasks();
        services.AddRectifyDialogs();
        services.AddHttpClient();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        services.AddSingleton<RectifyAdapter>();
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddSingleton<BotAdapter>(sp => sp.GetRequiredService<RectifyAdapter>());
        services.AddTransient<IBot, RectifyActivityHandler>();
        services.AddTransient<ConsoleChat>();
        services.AddHostedService<OutboxService>();
        return services;
    }
}
