namespace RectifyBot.Bot.Hosting;

/// <summary>
/// Graceful shutdown: on SIGTERM or Ctrl+C the host stops taking requests and lets the turns in flight finish (their
/// replies are sent, their writes made) for up to <c>ShutdownTimeoutSeconds</c> (default 30; the standard .NET host key,
/// also <c>DOTNET_SHUTDOWNTIMEOUTSECONDS</c>). Give a container at least as long to stop (<c>docker stop -t 35</c>).
/// </summary>
public static class Shutdown
{
    public const string TimeoutKey = "ShutdownTimeoutSeconds";
    public const int DefaultSeconds = 30;

    public static TimeSpan Timeout(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue(TimeoutKey, DefaultSeconds), 1, 600));

    public static void Configure(WebApplicationBuilder builder) =>
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = Timeout(builder.Configuration));
}
