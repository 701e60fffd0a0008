namespace RectifyBot.Bot;

/// <summary>
/// Whether a turn failed because the channel's connector could not be reached in time (refused, reset, name not found,
/// <c>Bot:ConnectorTimeoutSeconds</c> passed) or the turn was cancelled. Telling the user about such a failure would go to
/// the same connector and fail the same way, only later.
/// </summary>
public static class ConnectorFailure
{
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or TimeoutException or OperationCanceledException)
            {
                return true;
            }
            if (e is AggregateException { InnerExceptions.Count: 1 } single)
            {
                return IsUnreachable(single.InnerExceptions[0]);
            }
        }
        return false;
    }
}
