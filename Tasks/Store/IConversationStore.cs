using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// The conversations the bot can speak in first, kept in the task store (a table in SQLite, the
/// <c>RectifyConversations</c> list on Graph), one per <see cref="ConversationAddress.Key"/>.
/// </summary>
public interface IConversationStore
{
    /// <summary>Adds or replaces the address with this key; saving an address that was gone makes it live again (reinstalled).</summary>
    Task SaveConversationAsync(ConversationAddress address, CancellationToken cancellationToken = default);

    /// <summary>Marks the address gone (uninstalled, or the channel answered 403/404); false when there is no such address.</summary>
    Task<bool> MarkConversationGoneAsync(string key, string reason, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<ConversationAddress?> FindConversationAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every address, live and gone, in key order.</summary>
    Task<IReadOnlyList<ConversationAddress>> ListConversationsAsync(CancellationToken cancellationToken = default);
}

public static class ConversationStoreExtensions
{
    /// <summary>A person's own chat with the bot, if they have one (they installed it, or talked to it); null without an AAD object id.</summary>
    public static async Task<ConversationAddress?> FindPersonalAsync(this IConversationStore store, Person person, CancellationToken cancellationToken = default) =>
        person.AadObjectId is { } aad ? await store.FindConversationAsync(ConversationAddress.PersonalKey(aad), cancellationToken) : null;

    /// <summary>
    /// Every person's own chat with the bot, live and gone, read in one listing: for a planner that addresses hundreds of
    /// people (one lookup each would be a Graph request each).
    /// </summary>
    public static async Task<PersonalChats> PersonalChatsAsync(this IConversationStore store, CancellationToken cancellationToken = default) =>
        new((await store.ListConversationsAsync(cancellationToken))
            .Where(c => c is { Kind: ConversationKind.Personal, AadObjectId: not null })
            .GroupBy(c => c.AadObjectId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));
}

/// <summary>People's own chats with the bot by AAD object id, as listed at one moment.</summary>
public sealed class PersonalChats(IReadOnlyDictionary<string, ConversationAddress> byAadObjectId)
{
    /// <summary>The person's own chat, as <see cref="ConversationStoreExtensions.FindPersonalAsync"/> would find it; null without one or without an AAD object id.</summary>
    public ConversationAddress? For(Person person) => person.AadObjectId is { } aad ? byAadObjectId.GetValueOrDefault(aad) : null;
}
