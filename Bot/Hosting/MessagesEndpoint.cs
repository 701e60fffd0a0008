using System.IdentityModel.Tokens.Jwt;
using System.Security.Authentication;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: hands the request to the adapter. A missing, malformed or invalid Authorization header
/// is a 401, a body that is not an activity a 400, and a token that cannot be checked because the signing keys cannot be
/// fetched a 503; never a 500 (the SDK throws for some of these).
/// </summary>
public static partial class MessagesEndpoint
{
    public static void MapBotMessages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", HandleAsync);

    private static async Task HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, ILogger<RectifyAdapter> logger)
    {
        if (http.Request.Headers.Authorization.Count > 0 && !IsWellFormedBearer(http.Request.Headers.Authorization.ToString()))
        {
            LogRejected(logger, 401, "the Authorization header is not a bearer JWT");
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        try
        {
            await adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is UnauthorizedAccessException or AuthenticationException or SecurityTokenException)
        {
            LogRejected(logger, 401, e.Message);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        catch (Exception e) when (!http.Response.HasStarted && IsSigningKeysUnavailable(e))
        {
            // The token cannot be checked because the OpenID metadata cannot be fetched: not the caller's fault; retry later.
            LogSigningKeysUnavailable(logger, e);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "30";
        }
        catch (Exception e) when (!http.Response.HasStarted && e is JsonException or FormatException or InvalidCastException)
        {
            LogRejected(logger, 400, e.GetType().Name);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>"Bearer" and a token the JWT handler can read; anything else the SDK would throw on.</summary>
    private static bool IsWellFormedBearer(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && TokenReader.CanReadToken(header["Bearer ".Length..].Trim());

    private static readonly JwtSecurityTokenHandler TokenReader = new();

    /// <summary>IDX20803: Microsoft.IdentityModel could not obtain the OpenID configuration that holds the signing keys.</summary>
    private static bool IsSigningKeysUnavailable(Exception e) =>
        e is InvalidOperationException && e.Message.StartsWith("IDX20803", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not fetch the Bot Framework signing keys; answered 503")]
    private static partial void LogSigningKeysUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to /api/messages with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
