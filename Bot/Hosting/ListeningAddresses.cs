namespace RectifyBot.Bot.Hosting;

/// <summary>
/// Where the host listens, the .NET way: <c>ASPNETCORE_URLS</c>, <c>DOTNET_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>/<c>ASPNETCORE_HTTPS_PORTS</c> (and their <c>DOTNET_</c> forms) or Kestrel endpoints in
/// configuration win; <see cref="Default"/> applies only when none of them is set.
/// </summary>
public static class ListeningAddresses
{
    public const string Default = "http://localhost:3978";

    // The host's own configuration keys once the ASPNETCORE_/DOTNET_ prefix is stripped (WebHostDefaults.ServerUrlsKey,
    // HttpPortsKey, HttpsPortsKey); configuration keys are case-insensitive, so --Urls counts too.
    private static readonly string[] Keys = ["urls", "http_ports", "https_ports"];

    /// <summary>Whether the configuration says where to listen in any of the ways Kestrel reads.</summary>
    public static bool AreConfigured(IConfiguration configuration) =>
        Keys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    /// <summary>Listens on <see cref="Default"/> when nothing else says where.</summary>
    public static void ApplyDefault(WebApplicationBuilder builder)
    {
        if (!AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(Default);
        }
    }
}
