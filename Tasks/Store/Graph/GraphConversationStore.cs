using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Conversation addresses as items of the Conversations list, one per <see cref="ConversationAddress.Key"/> (the unique
/// ConversationKey column). A save looks the key up on the server and updates the item it finds (<c>If-Match</c> its
/// eTag) or creates one. The unique column makes a second item impossible: a create answered <c>409</c> (another host
/// saved the key first, or our own create landed and its answer was lost, so the SDK sent it again) reads the item and
/// writes over it; an update answered <c>412</c> reads again and retries, within <see cref="GraphStoreOptions.ApplyBudgetSeconds"/>.
/// An item that already holds what would be written is not written again.
/// </summary>
public sealed partial class GraphConversationStore(GraphListClient lists, GraphStoreOptions options, TimeProvider time, ILogger<GraphConversationStore>? logger = null)
    : IConversationStore
{
    private static readonly string[] Fields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Conversations).Columns.Select(c => c.Name)];

    private readonly ILogger _logger = logger ?? NullLogger<GraphConversationStore>.Instance;
    private readonly ResiliencePipeline _conflicts = GraphConflicts.Pipeline(options, time);

    public async Task SaveConversationAsync(ConversationAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(address.Key);
        var fields = GraphItemMapping.ConversationToFields(address);
        await _conflicts.ExecuteAsync(async token =>
        {
            if (await FindItemAsync(address.Key, token) is not { } found)
            {
                if (await lists.CreateAsync(GraphLists.Conversations, fields, token) is not null)
                {
                    return Write.Done(true);
                }
                LogCreateMet409(_logger, address.Key);
                return Write.Conflict<bool>(); // 409: the item exists now; the next attempt reads it and writes over it
            }
            if (GraphItemMapping.ConversationFromFields(found.Fields) == address)
            {
                return Write.Done(true); // already holds it (our own write whose answer was lost, or the same save from another host)
            }
            return await lists.UpdateAsync(GraphLists.Conversations, found.Id, fields, found.ETag, token) ? Write.Done(true) : Write.Conflict<bool>();
        }, cancellationToken);
    }

    public async Task<bool> MarkConversationGoneAsync(string key, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var marked = await _conflicts.ExecuteAsync(async token =>
        {
            if (await FindItemAsync(key, token) is not { } found)
            {
                return Write.Done(false);
            }
            var current = GraphItemMapping.ConversationFromFields(found.Fields);
            if (current.GoneAt == at && current.GoneReason == reason && current.UpdatedAt == at)
            {
                return Write.Done(true);
            }
            var fields = new Dictionary<string, object?> { ["GoneAt"] = WriteInstant(at), ["GoneReason"] = reason, ["UpdatedAt"] = WriteInstant(at) };
            return await lists.UpdateAsync(GraphLists.Conversations, found.Id, fields, found.ETag, token) ? Write.Done(true) : Write.Conflict<bool>();
        }, cancellationToken);
        if (marked.Value)
        {
            LogMarkedGone(_logger, key, reason);
        }
        return marked.Value;
    }

    public async Task<ConversationAddress?> FindConversationAsync(string key, CancellationToken cancellationToken = default) =>
        await FindItemAsync(key, cancellationToken) is { } found ? GraphItemMapping.ConversationFromFields(found.Fields) : null;

    public async Task<IReadOnlyList<ConversationAddress>> ListConversationsAsync(CancellationToken cancellationToken = default) =>
        [.. (await lists.QueryAsync(GraphLists.Conversations, null, Fields, false, cancellationToken))
            .Select(i => GraphItemMapping.ConversationFromFields(i.Fields))
            .Where(a => a.Key.Length > 0)
            .OrderBy(a => a.Key, StringComparer.Ordinal)];

    private Task<GraphItem?> FindItemAsync(string key, CancellationToken cancellationToken) =>
        lists.FindByKeyAsync(GraphLists.Conversations, "ConversationKey", key, Fields, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {Key} already had an item when created (another host, or an answer lost); reading it back")]
    private static partial void LogCreateMet409(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Key} marked gone: {Reason}")]
    private static partial void LogMarkedGone(ILogger logger, string key, string reason);
}
