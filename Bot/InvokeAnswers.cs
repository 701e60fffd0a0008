using Newtonsoft.Json;

namespace RectifyBot.Bot;

/// <summary>
/// The Bot Framework's answer to a <c>healthCheck</c> invoke: <c>{"healthResults":{"success":true,"messages":[…]}}</c>.
/// The SDKs that answer it themselves also put the bot's outgoing bearer token in <c>authorization</c>; this one does not
/// hand a credential to whoever asks.
/// </summary>
public sealed record HealthCheckResponse([property: JsonProperty("healthResults")] HealthResults HealthResults)
{
    public static HealthCheckResponse Healthy { get; } = new(new HealthResults(true, ["Health check succeeded."]));
}

public sealed record HealthResults(
    [property: JsonProperty("success")] bool Success,
    [property: JsonProperty("messages")] IReadOnlyList<string> Messages);
