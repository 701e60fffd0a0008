using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// A stand-in for the Bot Framework's token service on loopback HTTPS: the OpenID configuration and signing keys the
/// bot validates channel tokens with (the key endorsed for msteams, as the real ones are). The SDK fetches metadata with a static HttpClient over HTTPS only, so the
/// server's self-signed certificate is trusted for the current user (.NET's CurrentUser\Root store) while it runs.
/// </summary>
public sealed class LocalTokenService : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    private readonly WebApplication _app;
    private readonly X509Certificate2 _trusted;

    private LocalTokenService(WebApplication app, X509Certificate2 trusted, RSA key)
    {
        _app = app;
        _trusted = trusted;
        Key = key;
    }

    public RSA Key { get; }
    public const string KeyId = "local-key";
    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<LocalTokenService> StartAsync()
    {
        using var tlsKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", tlsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var serverCertificate = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null);
        var trusted = X509CertificateLoader.LoadCertificate(generated.RawData);
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Add(trusted);
        }

        var signingKey = RSA.Create(2048);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("https://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = serverCertificate));
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpRequest r) => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"https://{r.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/keys", () =>
        {
            var p = signingKey.ExportParameters(false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = new JsonArray("msteams"),
                }),
            });
        });
        await app.StartAsync();
        return new LocalTokenService(app, trusted, signingKey);
    }

    /// <summary>A channel token as the Bot Framework signs it: issuer, the bot's app id as audience, the service URL.</summary>
    public string ChannelToken(string appId, string serviceUrl, RSA? signWith = null)
    {
        var credentials = new SigningCredentials(new RsaSecurityKey(signWith ?? Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
        var now = DateTime.UtcNow;
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(Issuer, appId, [new Claim("serviceurl", serviceUrl)], now.AddMinutes(-5), now.AddHours(1), credentials));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(_trusted);
        }
        _trusted.Dispose();
        Key.Dispose();
    }
}

public class ValidTokenTests
{
    private const string AppId = "00000000-0000-0000-0000-000000000002";

    private static string[] Settings(LocalTokenService tokens) =>
    [
        $"--MicrosoftAppId={AppId}", "--MicrosoftAppPassword=secret", "--MicrosoftAppTenantId=botframework.com",
        $"--ToBotFromChannelOpenIdMetadataUrl={tokens.BaseUrl}/.well-known/openid-configuration",
        $"--ToBotFromChannelTokenIssuer={LocalTokenService.Issuer}",
        $"--ToChannelFromBotLoginUrl={tokens.BaseUrl}/botframework.com",
        "--ToChannelFromBotOAuthScope=https://api.botframework.com",
        $"--ToBotFromEmulatorOpenIdMetadataUrl={tokens.BaseUrl}/.well-known/openid-configuration",
        "--OAuthUrl=https://api.botframework.com",
        "--CallerId=urn:botframework:azure",
        "--ValidateAuthority=false",
    ];

    private static async Task<HttpResponseMessage> PostAsync(RunningBot bot, JsonObject message, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(message) };
        request.Headers.Authorization = new("Bearer", token);
        return await bot.Client.SendAsync(request);
    }

    /// <remarks>
    /// An invoke, answered in the HTTP response, rather than a message: a message's reply needs the bot's own outgoing
    /// token, and MSAL (inside the SDK's credentials) sends that token request to login.microsoftonline.com whatever
    /// login URL is configured, which a test must not reach. The token check, the activity check and the turn are the same.
    /// </remarks>
    [Fact]
    public async Task A_channel_token_signed_with_the_published_key_is_accepted_and_the_turn_answers()
    {
        await using var tokens = await LocalTokenService.StartAsync();
        await using var bot = await RunningBot.StartAsync(Settings(tokens));
        var invoke = bot.Message("");
        invoke.Remove("text");
        invoke["type"] = "invoke";
        invoke["name"] = "healthCheck";

        var response = await PostAsync(bot, invoke, tokens.ChannelToken(AppId, bot.ConnectorUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((bool)body["healthResults"]!["success"]!);
    }

    [Fact]
    public async Task Tokens_signed_by_another_key_for_another_bot_or_another_service_url_are_401()
    {
        await using var tokens = await LocalTokenService.StartAsync();
        await using var bot = await RunningBot.StartAsync(Settings(tokens));
        using var otherKey = RSA.Create(2048);
        foreach (var token in new[]
        {
            tokens.ChannelToken(AppId, bot.ConnectorUrl, signWith: otherKey),
            tokens.ChannelToken("00000000-0000-0000-0000-000000000099", bot.ConnectorUrl),
            tokens.ChannelToken(AppId, "https://elsewhere.example/"),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(bot, bot.Message("帮助"), token)).StatusCode);
        }
        Assert.Equal(0, bot.ReplyCount);
    }
}
