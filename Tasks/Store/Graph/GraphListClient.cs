using System.Collections.Concurrent;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using System.Text.Json;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>What provisioning did: lists created, columns added; empty when the site already had everything.</summary>
public sealed record ProvisionReport(IReadOnlyList<string> CreatedLists, IReadOnlyList<string> AddedColumns)
{
    public bool ChangedNothing => CreatedLists.Count == 0 && AddedColumns.Count == 0;
}

/// <summary>A list item's id, eTag and fields as the SDK parsed them.</summary>
public sealed record GraphItem(string Id, string? ETag, IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>
/// The store's lists on one SharePoint site through the Microsoft Graph SDK: list ids resolved once, items read with
/// <c>$expand=fields($select=…)</c> and a server-side <c>$filter</c>, every page followed (<see cref="PageIterator{TEntity,TCollectionPage}"/>),
/// writes with <c>If-Match</c>. Sorting is left to the caller: <c>$orderby</c> on list items is not reliable.
/// </summary>
public sealed class GraphListClient(GraphServiceClient client, GraphStoreOptions options)
{
    /// <summary>Lets a filter on a column that cannot be indexed run (SharePoint refuses it otherwise).</summary>
    public const string NonIndexedPreference = "HonorNonIndexedQueriesWarningMayFailRandomly";

    private readonly ConcurrentDictionary<string, string> _listIds = new(StringComparer.Ordinal);
    private string? _siteId;

    public GraphServiceClient Client => client;

    public string ListName(string suffix) => options.ListPrefix + suffix;

    public async Task<string> SiteIdAsync(CancellationToken cancellationToken)
    {
        if (_siteId is not null)
        {
            return _siteId;
        }
        if (!string.IsNullOrWhiteSpace(options.SiteId))
        {
            return _siteId = options.SiteId.Trim();
        }
        var url = new Uri(options.SiteUrl!.Trim());
        var site = await client.Sites[$"{url.Host}:{url.AbsolutePath.TrimEnd('/')}"].GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken);
        return _siteId = site?.Id ?? throw new InvalidOperationException($"The site {url} was not found.");
    }

    /// <summary>Creates the missing lists and adds missing columns; run twice, it changes nothing the second time.</summary>
    public async Task<ProvisionReport> ProvisionAsync(CancellationToken cancellationToken)
    {
        var site = await SiteIdAsync(cancellationToken);
        var created = new List<string>();
        var added = new List<string>();
        foreach (var schema in GraphLists.All)
        {
            var name = ListName(schema.Suffix);
            var id = await FindListAsync(site, name, cancellationToken);
            if (id is null)
            {
                var list = await client.Sites[site].Lists.PostAsync(new List
                {
                    DisplayName = name,
                    Description = schema.Description,
                    ListProp = new ListInfo { Template = "genericList" },
                    Columns = [.. schema.Columns.Select(c => c.ToDefinition())],
                }, cancellationToken: cancellationToken);
                _listIds[schema.Suffix] = list!.Id!;
                created.Add(name);
                continue;
            }
            _listIds[schema.Suffix] = id;
            var columns = await client.Sites[site].Lists[id].Columns.GetAsync(r => r.QueryParameters.Select = ["id", "name", "indexed"], cancellationToken);
            var existing = (columns?.Value ?? []).Where(c => c.Name is not null).ToDictionary(c => c.Name!, StringComparer.OrdinalIgnoreCase);
            foreach (var column in schema.Columns)
            {
                if (!existing.TryGetValue(column.Name, out var found))
                {
                    await client.Sites[site].Lists[id].Columns.PostAsync(column.ToDefinition(), cancellationToken: cancellationToken);
                    added.Add($"{name}.{column.Name}");
                }
                else if ((column.Indexed || column.Unique) && found.Indexed != true && found.Id is not null)
                {
                    // A column an administrator made without an index: queries filter on it, so index it.
                    await client.Sites[site].Lists[id].Columns[found.Id].PatchAsync(new ColumnDefinition { Indexed = true }, cancellationToken: cancellationToken);
                    added.Add($"{name}.{column.Name} (index)");
                }
            }
        }
        return new ProvisionReport(created, added);
    }

    public async Task<string> ListIdAsync(string suffix, CancellationToken cancellationToken)
    {
        if (_listIds.TryGetValue(suffix, out var id))
        {
            return id;
        }
        var site = await SiteIdAsync(cancellationToken);
        id = await FindListAsync(site, ListName(suffix), cancellationToken)
            ?? throw new InvalidOperationException($"The list {ListName(suffix)} does not exist on the site. Run `provision` first.");
        return _listIds[suffix] = id;
    }

    /// <summary>
    /// The item whose unique text column holds <paramref name="key"/>, by a filter on that (indexed) column. SharePoint
    /// compares text without case, in filters and in uniqueness alike: the item written with exactly this key is
    /// preferred, else the one it matched.
    /// </summary>
    public async Task<GraphItem?> FindByKeyAsync(string suffix, string column, string key, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(suffix, $"fields/{column} eq {GraphFields.Literal(key)}", fields, false, cancellationToken);
        return found.FirstOrDefault(i => GraphFields.Text(i.Fields, column) == key) ?? found.FirstOrDefault();
    }

    /// <summary>
    /// Every item matching the filter, all pages (<c>@odata.nextLink</c> followed to the end), fields selected; order as
    /// Graph returns it. The requests are built and sent by the SDK (auth, retry, redirect), but the body is read as JSON
    /// here: the SDK's untyped parsing turns text that looks like a date or a GUID into <see cref="DateTime"/> or
    /// <see cref="Guid"/>, and a deadline written "2019-06-30" or a key in GUID form would not come back as written.
    /// </summary>
    public async Task<List<GraphItem>> QueryAsync(string suffix, string? filter, IReadOnlyCollection<string> fields, bool nonIndexed, CancellationToken cancellationToken)
    {
        var site = await SiteIdAsync(cancellationToken);
        var list = await ListIdAsync(suffix, cancellationToken);
        var builder = client.Sites[site].Lists[list].Items;
        var request = builder.ToGetRequestInformation(r =>
        {
            r.QueryParameters.Expand = [$"fields($select={string.Join(",", fields)})"];
            r.QueryParameters.Top = options.PageSize;
            if (filter is not null)
            {
                r.QueryParameters.Filter = filter;
            }
            if (nonIndexed)
            {
                r.Headers.Add("Prefer", NonIndexedPreference);
            }
        });
        var items = new List<GraphItem>();
        while (true)
        {
            using var page = await SendAsync(request, cancellationToken);
            foreach (var item in page.RootElement.GetProperty("value").EnumerateArray())
            {
                items.Add(ToItem(item));
            }
            if (!page.RootElement.TryGetProperty("@odata.nextLink", out var next) || next.GetString() is not { Length: > 0 } nextLink)
            {
                return items;
            }
            request = builder.WithUrl(nextLink).ToGetRequestInformation(r =>
            {
                if (nonIndexed)
                {
                    r.Headers.Add("Prefer", NonIndexedPreference);
                }
            });
        }
    }

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    private async Task<JsonDocument> SendAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        await using var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, cancellationToken)
            ?? throw new InvalidOperationException("Graph answered with no body.");
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    private static GraphItem ToItem(JsonElement item)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (item.TryGetProperty("fields", out var values))
        {
            foreach (var field in values.EnumerateObject())
            {
                fields[field.Name] = field.Value.Clone();
            }
        }
        // The item's eTag; a server that puts it only inside the fields (@odata.etag) is read too.
        var etag = item.TryGetProperty("eTag", out var e) ? e.GetString()
            : fields.TryGetValue("@odata.etag", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString() : null;
        var id = item.TryGetProperty("id", out var i) ? i.ToString() : fields.TryGetValue("id", out var fieldId) ? fieldId.ToString() : null;
        return new GraphItem(id ?? throw new InvalidOperationException("Graph returned a list item without an id."), etag, fields);
    }

    /// <summary>Creates an item; null when a unique column already holds the value (409).</summary>
    public async Task<GraphItem?> CreateAsync(string suffix, Dictionary<string, object?> fields, CancellationToken cancellationToken)
    {
        var site = await SiteIdAsync(cancellationToken);
        var list = await ListIdAsync(suffix, cancellationToken);
        try
        {
            var item = await client.Sites[site].Lists[list].Items.PostAsync(new ListItem { Fields = new FieldValueSet { AdditionalData = fields! } }, cancellationToken: cancellationToken);
            return ToItem(item!);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 409)
        {
            return null;
        }
    }

    /// <summary>Updates an item's fields if its eTag is still <paramref name="etag"/>; false on 412 (changed since read).</summary>
    public async Task<bool> UpdateAsync(string suffix, string id, Dictionary<string, object?> fields, string? etag, CancellationToken cancellationToken)
    {
        var site = await SiteIdAsync(cancellationToken);
        var list = await ListIdAsync(suffix, cancellationToken);
        try
        {
            await client.Sites[site].Lists[list].Items[id].Fields.PatchAsync(new FieldValueSet { AdditionalData = fields! }, r =>
            {
                if (etag is not null)
                {
                    r.Headers.Add("If-Match", etag);
                }
            }, cancellationToken);
            return true;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 412)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string suffix, string id, CancellationToken cancellationToken)
    {
        var site = await SiteIdAsync(cancellationToken);
        var list = await ListIdAsync(suffix, cancellationToken);
        try
        {
            await client.Sites[site].Lists[list].Items[id].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
        }
    }

    private async Task<string?> FindListAsync(string site, string name, CancellationToken cancellationToken)
    {
        var lists = await client.Sites[site].Lists.GetAsync(r => r.QueryParameters.Select = ["id", "displayName"], cancellationToken);
        var found = new List<List>();
        if (lists is not null)
        {
            var pages = PageIterator<List, ListCollectionResponse>.CreatePageIterator(client, lists, l =>
            {
                found.Add(l);
                return true;
            });
            await pages.IterateAsync(cancellationToken);
        }
        return found.FirstOrDefault(l => string.Equals(l.DisplayName, name, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    private static GraphItem ToItem(ListItem item) => new(item.Id!, item.ETag, new Dictionary<string, JsonElement>());
}
