using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>
/// A local stand-in for Microsoft Graph's SharePoint list endpoints, over real HTTP, behaving like Graph where the store
/// depends on it: lists and columns created, items with <c>fields</c>, an eTag that changes on every write, 412 on a
/// stale <c>If-Match</c>, 409 on a duplicate in a unique column, 400 on filtering a non-indexed column without the
/// <c>Prefer</c> header, paging with <c>@odata.nextLink</c> at a small page size, and injected 429/503 with Retry-After
/// (some of them after the write was applied, as a timed-out write that landed).
/// </summary>
public sealed partial class FakeGraphServer : IAsyncDisposable
{
    public const string SiteId = "contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222";
    public const string Token = "test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeList> _lists = new();
    private readonly object _gate = new();
    private int _nextListId;

    private FakeGraphServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Largest page the server returns, whatever <c>$top</c> asks.</summary>
    public int MaxPageSize { get; set; } = 3;

    /// <summary>Every request: method, path and query, and the status answered.</summary>
    public ConcurrentQueue<(string Method, string Path, int Status)> Requests { get; } = new();

    public IReadOnlyDictionary<string, FakeList> ListsByName => _lists.Values.ToDictionary(l => l.DisplayName);

    public static async Task<FakeGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeGraphServer(app);
        server.Map(app);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1.0";
        return server;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await Error(context, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
            }
            else if (Fault() is { } status)
            {
                context.Response.Headers.RetryAfter = "0";
                await Error(context, status, status == 429 ? "TooManyRequests" : "serviceNotAvailable", "Injected fault.");
            }
            else
            {
                await next(context);
            }
            Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Response.StatusCode));
        });
        // The SDK sends hostname:/path with the colon and slashes percent-encoded, as Graph accepts it.
        app.MapGet("/v1.0/sites/{**site}", (string site) => Uri.UnescapeDataString(site) is var path && (path.StartsWith("contoso.sharepoint.com:/sites/", StringComparison.Ordinal) || path == SiteId)
            ? Results.Json(new { id = SiteId, webUrl = "https://contoso.sharepoint.com/" + path.Split(":/").Last() })
            : NotFound());
        app.MapGet("/v1.0/sites/{site}/lists", (string site) =>
            Results.Json(new { value = _lists.Values.Select(l => new { id = l.Id, displayName = l.DisplayName }) }));
        app.MapPost("/v1.0/sites/{site}/lists", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var name = (string)body["displayName"]!;
            if (_lists.Values.Any(l => l.DisplayName == name))
            {
                return Json(409, Problem("nameAlreadyExists", "A list with this name exists."));
            }
            var list = new FakeList($"list-{Interlocked.Increment(ref _nextListId)}", name);
            foreach (var column in body["columns"] as JsonArray ?? [])
            {
                var definition = column!.DeepClone().AsObject();
                definition["id"] = Guid.NewGuid().ToString();
                list.Columns[(string)definition["name"]!] = definition;
            }
            _lists[list.Id] = list;
            return Json(201, new JsonObject { ["id"] = list.Id, ["displayName"] = name });
        });
        app.MapGet("/v1.0/sites/{site}/lists/{list}/columns", (string list) =>
            _lists.TryGetValue(list, out var l) ? Results.Json(new { value = l.Columns.Values.Select(c => c.DeepClone()) }) : NotFound());
        app.MapPost("/v1.0/sites/{site}/lists/{list}/columns", async (string list, HttpContext context) =>
        {
            if (!_lists.TryGetValue(list, out var l))
            {
                return NotFound();
            }
            var column = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            column["id"] = Guid.NewGuid().ToString();
            l.Columns[(string)column["name"]!] = column;
            return Json(201, column.DeepClone().AsObject());
        });
        app.MapMethods("/v1.0/sites/{site}/lists/{list}/columns/{id}", ["PATCH"], async (string list, string id, HttpContext context) =>
        {
            if (!_lists.TryGetValue(list, out var l) || l.Columns.Values.FirstOrDefault(c => (string?)c["id"] == id) is not { } column)
            {
                return NotFound();
            }
            foreach (var (key, value) in (await JsonNode.ParseAsync(context.Request.Body))!.AsObject())
            {
                column[key] = value?.DeepClone();
            }
            return Results.Json(column.DeepClone());
        });
        app.MapGet("/v1.0/sites/{site}/lists/{list}/items", (string site, string list, HttpContext context) => Query(site, list, context));
        app.MapGet("/v1.0/sites/{site}/lists/{list}/items/{id}", (string list, string id) =>
        {
            lock (_gate)
            {
                return _lists.TryGetValue(list, out var l) && l.Items.TryGetValue(id, out var item) ? Results.Json(ItemJson(item, null)) : NotFound();
            }
        });
        app.MapPost("/v1.0/sites/{site}/lists/{list}/items", async (string list, HttpContext context) =>
        {
            var fields = (await JsonNode.ParseAsync(context.Request.Body))!["fields"]!.AsObject();
            if (!_lists.TryGetValue(list, out var l))
            {
                return NotFound();
            }
            if (StallCreates is { } stall && stall.List == l.DisplayName)
            {
                await Task.Delay(stall.For, context.RequestAborted); // the client gives up first; nothing is written
            }
            await GatheredAsync(l.DisplayName);
            BeforeCreate?.Invoke(l.DisplayName, fields);
            if (l.DisplayName.EndsWith("Reports", StringComparison.Ordinal) && RefuseReport?.Invoke(fields) == true)
            {
                return Json(400, Problem("invalidRequest", "Injected: this report is refused."));
            }
            IResult result;
            lock (_gate)
            {
                if (l.UniqueConflict(fields, null) is { } column)
                {
                    return Json(409, Problem("nameAlreadyExists", $"The value in column {column} must be unique."));
                }
                var item = new FakeItem((l.NextId++).ToString(CultureInfo.InvariantCulture));
                Apply(item, fields);
                l.Items[item.Id] = item;
                result = Json(201, ItemJson(item, null));
            }
            return AppliedThenFailed(l.DisplayName) ? Json(503, Problem("serviceNotAvailable", "Injected: applied, then timed out.")) : result;
        });
        app.MapMethods("/v1.0/sites/{site}/lists/{list}/items/{id}/fields", ["PATCH"], async (string list, string id, HttpContext context) =>
        {
            var fields = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            IResult result;
            if (!_lists.TryGetValue(list, out var l))
            {
                return NotFound();
            }
            await GatheredAsync(_gatheringUpdates, l.DisplayName);
            lock (_gate)
            {
                if (!l.Items.TryGetValue(id, out var item))
                {
                    return NotFound();
                }
                var ifMatch = context.Request.Headers.IfMatch.ToString();
                if (ifMatch.Length > 0 && ifMatch != "*" && (ifMatch != item.ETag || TaskWritesConflict && l.DisplayName.EndsWith("Tasks", StringComparison.Ordinal)))
                {
                    return Json(412, Problem("resourceModified", "The request ETag value does not match the object's ETag value."));
                }
                if (l.UniqueConflict(fields, id) is { } column)
                {
                    return Json(409, Problem("nameAlreadyExists", $"The value in column {column} must be unique."));
                }
                Apply(item, fields);
                result = Results.Json(FieldsJson(item, null));
            }
            return AppliedThenFailed(l.DisplayName) ? Json(503, Problem("serviceNotAvailable", "Injected: applied, then timed out.")) : result;
        });
        app.MapDelete("/v1.0/sites/{site}/lists/{list}/items/{id}", (string list, string id) =>
        {
            lock (_gate)
            {
                return _lists.TryGetValue(list, out var l) && l.Items.Remove(id) ? Results.NoContent() : NotFound();
            }
        });
    }

    /// <summary>Changes an item as an administrator would in Microsoft Lists (its eTag changes too).</summary>
    public void EditItem(string listName, Func<JsonObject, bool> which, JsonObject changes)
    {
        lock (_gate)
        {
            var item = ListsByName[listName].Items.Values.First(i => which(i.Fields));
            Apply(item, changes);
        }
    }

    /// <summary>Deletes a list, as on a site provisioned before the list existed.</summary>
    public void DeleteList(string listName) => _lists.TryRemove(ListsByName[listName].Id, out _);

    public void AddItem(string listName, JsonObject fields)
    {
        lock (_gate)
        {
            var list = ListsByName[listName];
            var item = new FakeItem((list.NextId++).ToString(CultureInfo.InvariantCulture));
            Apply(item, fields);
            list.Items[item.Id] = item;
        }
    }

    private static void Apply(FakeItem item, JsonObject changes)
    {
        foreach (var (key, value) in changes)
        {
            item.Fields[key] = value?.DeepClone();
        }
        item.Version++;
        item.ETag = $"\"{Guid.NewGuid()},{item.Version}\"";
    }

    private static JsonObject ItemJson(FakeItem item, HashSet<string>? select) => new()
    {
        ["id"] = item.Id,
        ["eTag"] = item.ETag,
        ["fields"] = FieldsJson(item, select),
    };

    private static JsonObject FieldsJson(FakeItem item, HashSet<string>? select)
    {
        var fields = new JsonObject { ["@odata.etag"] = item.ETag, ["id"] = item.Id };
        foreach (var (key, value) in item.Fields)
        {
            if ((select is null || select.Contains(key)) && value is not null)
            {
                fields[key] = value.DeepClone();
            }
        }
        return fields;
    }

    private static JsonObject Problem(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static IResult Json(int status, JsonObject body) => Results.Json(body, statusCode: status);

    private static IResult NotFound() => Json(404, Problem("itemNotFound", "The resource could not be found."));

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(Problem(code, message));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class FakeList(string id, string displayName)
{
    public string Id { get; } = id;
    public string DisplayName { get; } = displayName;
    public Dictionary<string, JsonObject> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, FakeItem> Items { get; } = [];
    public int NextId { get; set; } = 1;

    /// <summary>A unique column whose value another item already holds.</summary>
    public string? UniqueConflict(JsonObject fields, string? exceptId) =>
        Columns.Values.Where(c => (bool?)c["enforceUniqueValues"] == true).Select(c => (string)c["name"]!)
            .FirstOrDefault(name => fields[name] is { } value && Items.Values.Any(i => i.Id != exceptId && i.Fields[name]?.ToJsonString() == value.ToJsonString()));
}

public sealed class FakeItem(string id)
{
    public string Id { get; } = id;
    public JsonObject Fields { get; private init; } = [];
    public string ETag { get; set; } = "";
    public int Version { get; set; }

    public FakeItem Clone() => new(Id) { Fields = Fields.DeepClone().AsObject(), ETag = ETag, Version = Version };
}
