namespace RectifyBot.Tasks;

/// <summary>Configuration section <c>Store:Graph</c>: the SharePoint site whose lists hold the store, and how to reach it.</summary>
public sealed class GraphStoreOptions
{
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The site id (<c>host,siteCollectionId,webId</c>); or leave it empty and give <see cref="SiteUrl"/>.</summary>
    public string? SiteId { get; set; }

    /// <summary>The site's URL (https://contoso.sharepoint.com/sites/rectify), resolved to its id once at start.</summary>
    public string? SiteUrl { get; set; }

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>A bearer token used as is, for development and local stand-ins; instead of the client secret.</summary>
    public string? AccessToken { get; set; }

    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How long task, people and report reads are served from memory before Graph is asked again.</summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>Items asked for per page (Graph's maximum is 5000 for list items; SharePoint pages at 200 anyway).</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>Retries of a throttled or failed request before it counts as failed (the SDK's retry handler, at most 10).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The longest a request keeps being retried, waits included.</summary>
    public int RetrySeconds { get; set; } = 20;

    /// <summary>
    /// The longest one HTTP request to Graph may take, the SDK's retries included, before it counts as timed out
    /// (then a report goes to the outbox).
    /// </summary>
    public int RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>
    /// How long a stored report keeps trying to update its task when other writes get there first (<c>412</c>); after
    /// that the report stays stored and the task update is repaired from the outbox. Saving a conversation address
    /// retries its <c>412</c>s for as long.
    /// </summary>
    public int ApplyBudgetSeconds { get; set; } = 30;

    /// <summary>Prefix of the lists' names, so several plans can share a site.</summary>
    public string ListPrefix { get; set; } = "Rectify";

    /// <summary>How often the outbox of reports that could not be saved is retried.</summary>
    public int OutboxRetrySeconds { get; set; } = 30;

    /// <summary>What is missing for the store to start, or null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(SiteId) && string.IsNullOrWhiteSpace(SiteUrl))
        {
            return "Store:Graph:SiteId or Store:Graph:SiteUrl is required when Store:Provider is Graph.";
        }
        if (string.IsNullOrWhiteSpace(AccessToken) && (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            return "Store:Graph needs TenantId, ClientId and ClientSecret (app-only), or AccessToken.";
        }
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"Store:Graph:BaseUrl «{BaseUrl}» is not an http(s) URL.";
        }
        return MaxRetries is < 0 or > 10 ? "Store:Graph:MaxRetries must be 0–10." : null;
    }
}
