using System.ComponentModel.DataAnnotations;

namespace RectifyBot.Bot;

/// <summary>Configuration section <c>Bot</c>: who may talk to the bot and how long it waits for the channel.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Tenant ids whose activities are handled; empty: any tenant (a warning is logged at start).</summary>
    public string[] AllowedTenants { get; set; } = [];

    /// <summary>How long one call to the channel's connector (a reply, an update) may take before the turn gives up.</summary>
    [Range(1, 300)]
    public int ConnectorTimeoutSeconds { get; set; } = 15;
}
