namespace RectifyBot.Bot;

/// <summary>
/// Whether a turn failed because the channel's connector could not be reached in time (refused, reset, name not found,
/// <c>Bot:ConnectorTimeoutSeconds</c> passed, the call cancelled). Telling the user about such a failure would go to the
/// same connector and fail the same way, only later. Only failures of calls made through the connector's HTTP client
/// count (<see cref="Marker"/> marks them): a store that cannot be reached is a failure the user must be told about.
/// </summary>
public static class ConnectorFailure
{
    private const string Key = "RectifyBot.ConnectorCallFailed";

    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Data.Contains(Key))
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

    /// <summary>
    /// In the connector's HTTP client: marks the exception of a call that got no answer. HttpClient keeps it as the inner
    /// exception of its timeout exception, so the mark survives a timeout too.
    /// </summary>
    public sealed class Marker : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                e.Data[Key] = true;
                throw;
            }
        }
    }
}
