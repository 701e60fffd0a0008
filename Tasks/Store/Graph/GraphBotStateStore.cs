using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The bot's conversation state as items of the BotState list, keyed by the unique StateKey column. A write with an
/// expected eTag succeeds only if the stored state still has it, checked against the item's own eTag (If-Match).
/// </summary>
public sealed class GraphBotStateStore(GraphListClient lists) : IBotStateStore
{
    private static readonly string[] Fields = ["StateKey", "StateETag", "Json"];

    /// <summary>Items read in this process, so the write at the end of a turn needs no second lookup; the eTags still guard it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GraphItem> _read = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, StoredState>> ReadStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoredState>();
        foreach (var key in keys)
        {
            if (await FindAsync(key, cancellationToken) is { } item)
            {
                _read[key] = item;
                result[key] = new StoredState(Text(item.Fields, "Json"), Text(item.Fields, "StateETag"));
            }
            else
            {
                _read.TryRemove(key, out _);
            }
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, StoredState>> ReadStateByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoredState>();
        foreach (var item in await lists.QueryAsync(GraphLists.BotState, $"startswith(fields/StateKey, {Literal(prefix)})", Fields, false, cancellationToken))
        {
            var key = Text(item.Fields, "StateKey");
            if (key.StartsWith(prefix, StringComparison.Ordinal)) // SharePoint compares without case; the keys are exact
            {
                result[key] = new StoredState(Text(item.Fields, "Json"), Text(item.Fields, "StateETag"));
            }
        }
        return result;
    }

    public async Task<string?> WriteStateAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var etag = Guid.NewGuid().ToString("N");
        var fields = new Dictionary<string, object?> { ["Title"] = Clip(key), ["StateKey"] = key, ["StateETag"] = etag, ["Json"] = json };
        // The item as this turn read it (its StateETag is the one the caller expects), else as it is now.
        var item = expectedETag is not null && _read.TryGetValue(key, out var read) && Text(read.Fields, "StateETag") == expectedETag ? read : await FindAsync(key, cancellationToken);
        if (item is null)
        {
            if (expectedETag is not null)
            {
                return null; // it was read with an eTag, and has been deleted since
            }
            var created = await lists.CreateAsync(GraphLists.BotState, fields, cancellationToken); // null on 409
            if (created is null)
            {
                return await LandedAsync(key, etag, cancellationToken); // another turn created it first, or ours did and its answer was lost
            }
            _read[key] = created with { Fields = fields.ToDictionary(f => f.Key, f => System.Text.Json.JsonSerializer.SerializeToElement(f.Value)) };
            return etag;
        }
        if (expectedETag is not null && Text(item.Fields, "StateETag") != expectedETag)
        {
            return null;
        }
        _read.TryRemove(key, out _); // the item's eTag changes with this write
        return await lists.UpdateAsync(GraphLists.BotState, item.Id, fields, item.ETag, cancellationToken) ? etag : await LandedAsync(key, etag, cancellationToken);
    }

    /// <summary>
    /// After a 409 or 412: our own write, applied but answered with an error the SDK retried, shows our fresh StateETag
    /// (a new GUID per write, so nobody else's); then it succeeded. Otherwise another turn's write won.
    /// </summary>
    private async Task<string?> LandedAsync(string key, string etag, CancellationToken cancellationToken) =>
        await FindAsync(key, cancellationToken) is { } now && Text(now.Fields, "StateETag") == etag ? etag : null;

    public async Task DeleteStateAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys)
        {
            if (await FindAsync(key, cancellationToken) is { } item)
            {
                await lists.DeleteAsync(GraphLists.BotState, item.Id, cancellationToken);
            }
        }
    }

    private async Task<GraphItem?> FindAsync(string key, CancellationToken cancellationToken) =>
        (await lists.QueryAsync(GraphLists.BotState, $"fields/StateKey eq {Literal(key)}", Fields, false, cancellationToken)).FirstOrDefault();

    private static string Clip(string key) => key.Length <= 255 ? key : key[..255];
}
