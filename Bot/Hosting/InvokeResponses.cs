using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// Writes a turn's invoke response as the HTTP answer. The SDK's own writer (<see cref="HttpHelper.WriteResponseAsync"/>)
/// serializes with the REST client's read-only contract resolver, which drops every get-only property: an anonymous
/// object such as the card router's error value <c>new { code, message }</c> came out as <c>{}</c>. The same settings with
/// the default resolver write every property.
/// </summary>
public static class InvokeResponses
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        ReferenceLoopHandling = ReferenceLoopHandling.Serialize,
        ContractResolver = new DefaultContractResolver(),
        MaxDepth = HttpHelper.BotMessageSerializerSettings.MaxDepth,
    };

    public static string Serialize(object body) => JsonConvert.SerializeObject(body, Settings);

    public static async Task WriteAsync(HttpResponse response, InvokeResponse? invokeResponse, CancellationToken cancellationToken)
    {
        if (invokeResponse is null)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        response.StatusCode = invokeResponse.Status;
        if (invokeResponse.Body is null)
        {
            return;
        }
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(Serialize(invokeResponse.Body), Encoding.UTF8, cancellationToken);
    }
}
