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
