namespace RectifyBot.Bot.Hosting;

/// <summary>
/// A token that cannot be checked because the channel's signing keys (its OpenID metadata) cannot be fetched. The
/// exception Microsoft.IdentityModel throws for that is a plain <see cref="InvalidOperationException"/> whose only mark
/// is its message code IDX20803 (its inner exception, the fetch failure, is missing when another request made the
/// fetch); the match lives here alone, tested against the real library. Logged with the stack trace at most once per
/// <see cref="DetailInterval"/>, a one-line warning otherwise: every unauthenticated request would write one.
/// </summary>
public sealed partial class SigningKeyFailures(TimeProvider time, ILogger<SigningKeyFailures> logger)
{
    public static readonly TimeSpan DetailInterval = TimeSpan.FromMinutes(5);

    private const string UnableToObtainConfiguration = "IDX20803";
    private readonly Lock _gate = new();
    private long? _lastDetailed; // a monotonic timestamp: a pinned plan date (Clock:Today) must not stop the interval

    public static bool AreUnavailable(Exception exception) =>
        exception is InvalidOperationException && exception.Message.StartsWith(UnableToObtainConfiguration, StringComparison.Ordinal);

    public void Log(Exception exception)
    {
        bool detailed;
        lock (_gate)
        {
            detailed = _lastDetailed is not { } last || time.GetElapsedTime(last) >= DetailInterval;
            if (detailed)
            {
                _lastDetailed = time.GetTimestamp();
            }
        }
        if (detailed)
        {
            LogUnavailableDetailed(logger, exception, DetailInterval.TotalMinutes);
        }
        else
        {
            LogUnavailable(logger, exception.InnerException?.Message ?? exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not fetch the Bot Framework signing keys; answered 503 (details logged at most every {Minutes} minutes)")]
    private static partial void LogUnavailableDetailed(ILogger logger, Exception exception, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the Bot Framework signing keys; answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
