using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
/// <remarks>
/// When the store cannot be reached the turn goes on without state (read as empty, not written) and a warning is logged:
/// a card carries everything it needs, and a user must never get an error in place of an answer that was already
/// right (a report queued in the outbox). A write refused for a stale eTag still fails the turn.
/// </remarks>
public sealed partial class StoreBackedStorage(IBotStateStore store, ILogger<StoreBackedStorage>? logger = null) : IStorage
{
    private readonly ILogger _logger = logger ?? NullLogger<StoreBackedStorage>.Instance;

    /// <summary>How state is written as JSON; <see cref="BlobsStorage"/> writes the same.</summary>
    internal static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.All,
        SerializationBinder = new AllowedTypesBinder(),
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        IReadOnlyDictionary<string, StoredState> stored;
        try
        {
            stored = await store.ReadStateAsync(keys, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(_logger, e, "read");
            return new Dictionary<string, object>();
        }
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
            string? etag;
            try
            {
                etag = await store.WriteStateAsync(key, JsonConvert.SerializeObject(value, Settings), expected, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogUnavailable(_logger, e, "written");
                continue;
            }
            if (etag is null)
            {
                throw new StateConflictException(key, expected);
            }
            if (value is IStoreItem written)
            {
                written.ETag = etag;
            }
        }
    }

    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) =>
        store.DeleteStateAsync(keys, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot state could not be {Action}: the store is unavailable; the turn goes on without it")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string action);

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
