using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.State;

/// <summary>
/// The Bot Framework's <see cref="IStorage"/> over the task store, so conversation and user state live in the same
/// database and survive a restart. Values are stored as plain JSON (no type names) and read back as
/// <see cref="JObject"/>, which <see cref="BotState"/> converts to the property types it is asked for.
/// <see cref="IStoreItem"/> values get optimistic concurrency through their eTag.
/// </summary>
public sealed class StoreBackedStorage(IBotStateStore store) : IStorage
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        NullValueHandling = NullValueHandling.Include,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    });

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stored = await store.ReadStateAsync(keys, cancellationToken);
        var result = new Dictionary<string, object>();
        foreach (var (key, state) in stored)
        {
            using var reader = new JsonTextReader(new StringReader(state.Json)) { DateParseHandling = DateParseHandling.DateTimeOffset };
            var value = JToken.ReadFrom(reader);
            if (value is JObject obj && obj.ContainsKey("ETag"))
            {
                obj["ETag"] = state.ETag;
            }
            result[key] = value;
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (key, value) in changes)
        {
            var token = value is null ? JValue.CreateNull() : JToken.FromObject(value, Serializer);
            var expected = value is IStoreItem item && !string.IsNullOrEmpty(item.ETag) ? item.ETag : null;
            var etag = await store.WriteStateAsync(key, token.ToString(Formatting.None), expected, cancellationToken);
            if (etag is null)
            {
                throw new InvalidOperationException($"State «{key}» was changed by another turn (eTag {expected} is stale).");
            }
            if (value is IStoreItem written)
            {
                written.ETag = etag;
            }
        }
    }

    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) =>
        store.DeleteStateAsync(keys, cancellationToken);
}
