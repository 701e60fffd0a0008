using Microsoft.Bot.Builder;
using RectifyBot.Dialogs;
using RectifyBot.Dialogs.State;

namespace Microsoft.Extensions.DependencyInjection;

public static class DialogsServiceCollectionExtensions
{
    /// <summary>Conversation flows, intent recognition, and the bot's state kept in the task store.</summary>
    public static IServiceCollection AddRectifyDialogs(this IServiceCollection services)
    {
        services.AddSingleton<IStorage, StoreBackedStorage>();
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<MessageRouter>();
        return services;
    }
}
