using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Hosting;
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

    [Fact]
    public async Task While_the_signing_keys_cannot_be_fetched_the_stack_trace_is_logged_once_and_each_request_a_line()
    {
        var logs = new LogSink();
        await using var bot = await RunningBot.StartAsync(b => b.Logging.AddProvider(logs), Settings("https://127.0.0.1:9/.well-known/openidconfiguration"));
        using var key = RSA.Create(2048);
        for (var i = 0; i < 3; i++)
        {
            var message = bot.Message("帮助");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(bot, message, Token(key, "k", (string)message["serviceUrl"]!)));
        }
        var entries = logs.Entries.Where(e => e.Message.Contains("signing keys")).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Single(entries, e => e.Exception is not null);
        Assert.Equal(2, entries.Count(e => e.Exception is null && e.Level == LogLevel.Warning && !e.Message.Contains('\n')));
    }

    [Theory]
    [InlineData("not json at all", "text/plain")]
    [InlineData("{\"type\":\"message\"}", "application/json")]
    [InlineData("<xml/>", "application/xml")]
    public async Task With_an_app_id_a_request_without_a_token_is_a_401_whatever_its_body(string body, string contentType)
    {
        await using var bot = await RunningBot.StartAsync(Settings("https://127.0.0.1:9/.well-known/openidconfiguration"));
        var response = await bot.Client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_signing_key_failure_is_recognised_on_the_real_identity_model_path_and_logged_in_full_once_per_interval()
    {
        // The SDK's own extractor, metadata on a closed loopback port: the exception the endpoint turns into a 503.
        var extractor = new JwtTokenExtractor(new HttpClient(), new TokenValidationParameters { ValidateIssuer = false },
            "https://127.0.0.1:9/unreachable/.well-known/openidconfiguration", AuthenticationConstants.AllowedSigningAlgorithms);
        using var key = RSA.Create(2048);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => extractor.GetIdentityAsync("Bearer " + Token(key, "k", "https://smba.trafficmanager.net/cn/"), "msteams"));
        Assert.True(SigningKeyFailures.AreUnavailable(failure), failure.ToString());
        Assert.False(SigningKeyFailures.AreUnavailable(new UnauthorizedAccessException("Invalid AppId passed on token")));
        Assert.False(SigningKeyFailures.AreUnavailable(new InvalidOperationException("Sequence contains no elements")));

        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T08:00:00Z"));
        var logs = new LogSink();
        var failures = new SigningKeyFailures(time, new LoggerFactory([logs]).CreateLogger<SigningKeyFailures>());
        failures.Log(failure);
        time.Advance(TimeSpan.FromMinutes(4));
        failures.Log(failure);
        time.Advance(TimeSpan.FromMinutes(1));
        failures.Log(failure);
        Assert.Equal([true, false, true], logs.Entries.Select(e => e.Exception is not null));
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
