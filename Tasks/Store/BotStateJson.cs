using System.Text.Json;

namespace RectifyBot.Tasks.Store;

/// <summary>One bot-state document as a typed value: the rhythm's clock, the digest channel, the kept digests.</summary>
public static class BotStateJson
{
    /// <summary>The document with this key read as <typeparamref name="T"/>; default when there is none.</summary>
    public static async Task<T?> ReadJsonAsync<T>(this IBotStateStore state, string key, JsonSerializerOptions? options, CancellationToken cancellationToken) =>
        (await state.ReadStateAsync([key], cancellationToken)).TryGetValue(key, out var stored) ? JsonSerializer.Deserialize<T>(stored.Json, options) : default;

    /// <summary>Writes the value as the document with this key, replacing whatever was there.</summary>
    public static Task<string?> WriteJsonAsync<T>(this IBotStateStore state, string key, T value, JsonSerializerOptions? options, CancellationToken cancellationToken) =>
        state.WriteStateAsync(key, JsonSerializer.Serialize(value, options), null, cancellationToken);
}
