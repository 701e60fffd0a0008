using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Authentication on, with the channel's OpenID metadata pointed at a closed loopback port, so the outcome is the same
/// on any machine: a well-formed token that cannot be checked is a 503 (retry later), never a 500 or a false 401.
/// </summary>
public class AuthenticationTests
{
    private const string AppId = "00000000-0000-0000-0000-000000000001";

    /// <summary>Naming one endpoint switches the SDK to its parameterized authentication, which needs them all: the public cloud's, but the metadata.</summary>
    private static string[] Settings(string metadataUrl) =>
    [
        $"--MicrosoftAppId={AppId}", "--MicrosoftAppPassword=secret",
        $"--ToBotFromChannelOpenIdMetadataUrl={metadataUrl}",
        "--ToBotFromChannelTokenIssuer=https://api.botframework.com",
        "--ToChannelFromBotLoginUrl=https://login.microsoftonline.com/botframework.com",
        "--ToChannelFromBotOAuthScope=https://api.botframework.com",
        "--ToBotFromEmulatorOpenIdMetadataUrl=https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration",
        "--OAuthUrl=https://api.botframework.com",
        "--CallerId=urn:botframework:azure",
        "--ValidateAuthority=true",
    ];

    [Fact]
    public async Task When_the_signing_keys_cannot_be_fetched_the_answer_is_503_not_500()
    {
        await using var bot = await RunningBot.StartAsync(Settings("https://127.0.0.1:9/.well-known/openidconfiguration"));
        using var key = RSA.Create(2048);
        var message = bot.Message("帮助");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(bot, message, Token(key, "k", (string)message["serviceUrl"]!)));
    }

    private static async Task<HttpStatusCode> PostAsync(RunningBot bot, JsonObject message, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(message) };
        request.Headers.Authorization = new("Bearer", token);
        return (await bot.Client.SendAsync(request)).StatusCode;
    }

    private static string Token(RSA key, string keyId, string serviceUrl, DateTime? expires = null)
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken("https://api.botframework.com", AppId,
            [new Claim("serviceurl", serviceUrl)],
            notBefore: (expires ?? now.AddHours(1)).AddHours(-2), expires: expires ?? now.AddHours(1), signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
