using System.Security.Authentication;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: hands the request to the adapter. A missing, malformed or invalid Authorization header
/// is a 401 and a body that is not an activity a 400, never a 500 (the SDK throws for some of these).
/// </summary>
public static partial class MessagesEndpoint
{
    public static void MapBotMessages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", HandleAsync);

    private static async Task HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, ILogger<RectifyAdapter> logger)
    {
        http.Request.EnableBuffering();
        try
        {
            await adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted);
        }
        catch (Exception e) when (!http.Response.HasStarted && IsAuthenticationFailure(e))
        {
            LogRejected(logger, 401, e.GetType().Name);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        catch (Exception e) when (!http.Response.HasStarted && e is JsonException or FormatException or InvalidCastException)
        {
            LogRejected(logger, 400, e.GetType().Name);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    private static bool IsAuthenticationFailure(Exception e) => e switch
    {
        UnauthorizedAccessException or AuthenticationException or SecurityTokenException or ArgumentException when IsFromAuthentication(e) => true,
        AggregateException a => a.InnerExceptions.All(IsAuthenticationFailure),
        _ => false,
    };

    /// <summary>The JWT handlers throw ArgumentException for a malformed token; only those count as authentication failures.</summary>
    private static bool IsFromAuthentication(Exception e) =>
        e is not ArgumentException || (e.StackTrace ?? "").Contains("Microsoft.Bot.Connector.Authentication", StringComparison.Ordinal)
        || (e.StackTrace ?? "").Contains("System.IdentityModel.Tokens.Jwt", StringComparison.Ordinal)
        || (e.StackTrace ?? "").Contains("Microsoft.IdentityModel", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to /api/messages with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
