using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// <c>POST /api/messages</c>. The checks run in this order, each before any work the next needs:
/// with an app id, a missing or malformed Authorization header is a 401 and the token is validated before the body is
/// read (401 invalid, 503 when the signing keys cannot be fetched); a content type other than <c>application/json</c> is
/// a 415; a body that is not an activity, or an activity without type, channel id, service URL or conversation id, a
/// 400. Then the adapter authenticates the activity itself (its channel and service URL must match the token) and runs
/// the turn; an invoke's response is written as status and JSON body. Never a 500 for any of these.
/// </summary>
public static partial class MessagesEndpoint
{
    public static void MapBotMessages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", HandleAsync);

    private static async Task HandleAsync(HttpContext http, RectifyAdapter adapter, IBot bot, BotFrameworkAuthentication authentication,
        SigningKeyFailures keyFailures, IConfiguration configuration, ILogger<RectifyAdapter> logger)
    {
        var authHeader = http.Request.Headers.Authorization.ToString();
        var authenticationOn = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);
        if ((authenticationOn || authHeader.Length > 0) && !IsWellFormedBearer(authHeader))
        {
            Reject(http, logger, StatusCodes.Status401Unauthorized, authHeader.Length == 0 ? "no Authorization header" : "the Authorization header is not a bearer JWT");
            return;
        }
        if (authenticationOn && !await TokenIsValidAsync(http, authentication, authHeader, keyFailures, logger))
        {
            return;
        }
        if (!IsJson(http.Request.ContentType))
        {
            Reject(http, logger, StatusCodes.Status415UnsupportedMediaType, $"content type «{http.Request.ContentType}» is not application/json");
            return;
        }
        var activity = await ReadActivityAsync(http.Request, http.RequestAborted);
        if (Problem(activity) is { } problem)
        {
            Reject(http, logger, StatusCodes.Status400BadRequest, problem);
            return;
        }
        try
        {
            var invokeResponse = await adapter.ProcessAsync(authHeader, activity!, bot, http.RequestAborted);
            await InvokeResponses.WriteAsync(http.Response, invokeResponse, http.RequestAborted);
        }
        catch (Exception e) when (!http.Response.HasStarted && IsAuthenticationFailure(e))
        {
            Reject(http, logger, StatusCodes.Status401Unauthorized, e.Message);
        }
        catch (Exception e) when (!http.Response.HasStarted && SigningKeyFailures.AreUnavailable(e))
        {
            SigningKeysUnavailable(http, keyFailures, e);
        }
    }

    /// <summary>
    /// The token alone, before the body is read: its signature, issuer, audience (this bot's app id) and lifetime. The
    /// SDK's activity-free checks do not fit an HTTP POST (<c>AuthenticateChannelRequestAsync</c> requires keys endorsed
    /// for a channel named "unknown", <c>AuthenticateStreamingRequestAsync</c> a channel id header that channels send only
    /// on streaming connections), so it is asked with an empty activity: no channel to match the key's endorsements
    /// against and no service URL to match the token's. Both are checked once the activity is read.
    /// </summary>
    private static async Task<bool> TokenIsValidAsync(HttpContext http, BotFrameworkAuthentication authentication, string authHeader, SigningKeyFailures keyFailures, ILogger logger)
    {
        try
        {
            await authentication.AuthenticateRequestAsync(new Activity(), authHeader, http.RequestAborted);
            return true;
        }
        catch (Exception e) when (IsAuthenticationFailure(e))
        {
            Reject(http, logger, StatusCodes.Status401Unauthorized, e.Message);
        }
        catch (Exception e) when (SigningKeyFailures.AreUnavailable(e))
        {
            SigningKeysUnavailable(http, keyFailures, e);
        }
        return false;
    }

    private static bool IsAuthenticationFailure(Exception e) => e is UnauthorizedAccessException or AuthenticationException or SecurityTokenException;

    private static void SigningKeysUnavailable(HttpContext http, SigningKeyFailures keyFailures, Exception e)
    {
        // The token cannot be checked because the OpenID metadata cannot be fetched: not the caller's fault; retry later.
        keyFailures.Log(e);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "30";
    }

    /// <summary>"Bearer" and a token the JWT handler can read; anything else the SDK would throw on.</summary>
    private static bool IsWellFormedBearer(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && TokenReader.CanReadToken(header["Bearer ".Length..].Trim());

    private static readonly JwtSecurityTokenHandler TokenReader = new();

    /// <summary><c>application/json</c>, with no charset or UTF-8 (the only encoding JSON is sent in).</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && string.Equals(type.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (type.CharSet is null || string.Equals(type.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<Activity?> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            return JsonConvert.DeserializeObject<Activity>(text, HttpHelper.BotMessageSerializerSettings);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why the activity cannot be handled, or null. Each of these would otherwise fail deep in the SDK as a 500.</summary>
    private static string? Problem(Activity? activity) => activity switch
    {
        null => "the body is not an activity",
        { Type: null or "" } => "the activity has no type",
        { ChannelId: null or "" } => "the activity has no channelId",
        { ServiceUrl: null or "" } => "the activity has no serviceUrl",
        _ when !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) => "the activity's serviceUrl is not an http(s) URL",
        { Conversation.Id: null or "" } or { Conversation: null } => "the activity has no conversation id",
        _ => null,
    };

    private static void Reject(HttpContext http, ILogger logger, int statusCode, string reason)
    {
        LogRejected(logger, statusCode, reason);
        http.Response.StatusCode = statusCode;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to /api/messages with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);
}
