namespace RectifyBot.Bot.Playground;

/// <summary>
/// Configuration section <c>Playground</c>. The playground (Web Chat at <c>/</c> and its Direct Line endpoints) is served
/// only while <c>MicrosoftAppId</c> is empty: it lets anyone on the machine speak as anyone in the directory.
/// </summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>False turns the playground off even without an app id.</summary>
    public bool Enabled { get; set; } = true;

    public static bool IsOn(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"])
        && configuration.GetValue(Section + ":" + nameof(Enabled), true);
}
