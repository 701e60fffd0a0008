using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Builds the <see cref="GraphServiceClient"/>: its <see cref="HttpClient"/> from <see cref="GraphClientFactory"/> so the
/// SDK's retry (429/503/504 with Retry-After, bounded), redirect and other handlers are in the pipeline, plus a counter
/// of the requests sent. App-only auth with a client secret (<see cref="ClientSecretCredential"/>, scope
/// <c>https://graph.microsoft.com/.default</c>), or a static token for development and local stand-ins.
/// </summary>
public static class GraphClientBuilder
{
    public static GraphServiceClient Build(GraphStoreOptions options, GraphRequestCounter counter, HttpMessageHandler? finalHandler = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.OfType<RetryHandler>().FirstOrDefault();
        if (retry is not null)
        {
            // Bounded in count and in time: a user's turn waits at most RetrySeconds for Graph, then the report goes to
            // the outbox. (The handler uses Retry-After in whole seconds; a fractional one falls back to its back-off.)
            handlers[handlers.IndexOf(retry)] = new RetryHandler(new RetryHandlerOption
            {
                MaxRetry = options.MaxRetries,
                Delay = 1,
                RetriesTimeLimit = TimeSpan.FromSeconds(options.RetrySeconds),
            });
        }
        handlers.Add(counter); // innermost: every attempt, retries included, is counted
        var http = GraphClientFactory.Create(handlers, finalHandler: finalHandler);
        http.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.RequestTimeoutSeconds));
        var baseUrl = options.BaseUrl.TrimEnd('/');
        return new GraphServiceClient(http, AuthenticationFor(options, new Uri(baseUrl).Host), baseUrl);
    }

    private static IAuthenticationProvider AuthenticationFor(GraphStoreOptions options, string host)
    {
        if (!string.IsNullOrWhiteSpace(options.AccessToken))
        {
            // AzureIdentityAuthenticationProvider sends no token to hosts outside its allowed list (a local stand-in):
            // the static token goes through a provider that allows exactly the configured host.
            return new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(options.AccessToken.Trim(), host));
        }
        var credential = new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        return new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(credential, [host], null, true, "https://graph.microsoft.com/.default");
    }

    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}

/// <summary>Counts the HTTP requests sent to Graph (retries included), for the cost per bot turn.</summary>
public sealed class GraphRequestCounter : DelegatingHandler
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
