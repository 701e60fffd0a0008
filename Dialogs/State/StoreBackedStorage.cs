using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.State;

/// <summary>
/// The Bot Framework's <see cref="IStorage"/> over the task store, so conversation and user state live in the same
/// database and survive a restart. Like the SDK's own storages, values keep their .NET types (<see cref="BotState"/>
/// tracks changes only to objects it gets back as their own type), but only types of RectifyBot, the Bot Framework and
/// the base library may be named in stored JSON. <see cref="IStoreItem"/> values get optimistic concurrency by eTag.
/// </summary>
public sealed class StoreBackedStorage(IBotStateStore store) : IStorage
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.All,
        SerializationBinder = new AllowedTypesBinder(),
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var stored = await store.ReadStateAsync(keys, cancellationToken);
        var result = new Dictionary<string, object>();
        foreach (var (key, state) in stored)
        {
            object? value;
            try
            {
                value = JsonConvert.DeserializeObject(state.Json, Settings);
            }
            catch (JsonException)
            {
                continue; // state written by an older build that no longer reads: the conversation starts afresh
            }
            if (value is IStoreItem item)
            {
                item.ETag = state.ETag;
            }
            if (value is not null)
            {
                result[key] = value;
            }
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (key, value) in changes)
        {
            var expected = value is IStoreItem item && !string.IsNullOrEmpty(item.ETag) ? item.ETag : null;
            var etag = await store.WriteStateAsync(key, JsonConvert.SerializeObject(value, Settings), expected, cancellationToken);
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

    /// <summary>Resolves only types from assemblies the bot trusts, generic arguments included.</summary>
    private sealed class AllowedTypesBinder : DefaultSerializationBinder
    {
        private static readonly HashSet<string> BaseAssemblies = ["System.Private.CoreLib", "mscorlib", "System.Collections", "System.Runtime", "Newtonsoft.Json"];

        public override Type BindToType(string? assemblyName, string typeName)
        {
            var type = base.BindToType(assemblyName, typeName);
            return IsAllowed(type) ? type : throw new JsonSerializationException($"Type {type.FullName} may not be read from bot state.");
        }

        private static bool IsAllowed(Type type)
        {
            var assembly = type.Assembly.GetName().Name ?? "";
            var trusted = BaseAssemblies.Contains(assembly) || assembly.StartsWith("RectifyBot.", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.Bot.", StringComparison.Ordinal);
            return trusted && type.GetGenericArguments().All(IsAllowed);
        }
    }
}
