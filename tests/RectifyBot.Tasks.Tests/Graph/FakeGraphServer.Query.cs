using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The stand-in's list item query: <c>$filter</c> on indexed columns (or with the Prefer header), <c>$expand=fields($select=…)</c>, paging.</summary>
public sealed partial class FakeGraphServer
{
    private IResult Query(string site, string listId, HttpContext context)
    {
        if (!_lists.TryGetValue(listId, out var list))
        {
            return NotFound();
        }
        var query = context.Request.Query;
        var select = SelectOf(query["$expand"].ToString());
        var conditions = new List<(string Field, string Op, JsonNode? Value)>();
        var filter = query["$filter"].ToString();
        if (filter.Length > 0)
        {
            foreach (var part in filter.Split(" and ", StringSplitOptions.TrimEntries))
            {
                var m = Condition().Match(part);
                if (!m.Success)
                {
                    return Json(400, Problem("invalidRequest", $"Unsupported filter: {part}"));
                }
                var field = m.Groups["field"].Value;
                var indexed = list.Columns.TryGetValue(field, out var column) && ((bool?)column["indexed"] == true || (bool?)column["enforceUniqueValues"] == true);
                if (!indexed && !context.Request.Headers["Prefer"].ToString().Contains("HonorNonIndexedQueriesWarningMayFailRandomly", StringComparison.Ordinal))
                {
                    return Json(400, Problem("invalidRequest", $"Field '{field}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists."));
                }
                var raw = m.Groups["value"].Value;
                JsonNode? value = raw.StartsWith('\'') ? JsonValue.Create(raw[1..^1].Replace("''", "'")) : JsonValue.Create(double.Parse(raw, CultureInfo.InvariantCulture));
                conditions.Add((field, m.Groups["op"].Value, value));
            }
        }
        List<FakeItem> matching;
        lock (_gate)
        {
            matching = list.Items.Values.Where(i => conditions.All(c => Holds(i.Fields[c.Field], c.Op, c.Value)))
                .OrderBy(i => i.Id.GetHashCode(StringComparison.Ordinal)) // stable across pages, but not by number: callers sort
                .Select(i => i.Clone()).ToList();
        }
        var top = int.TryParse(query["$top"], out var t) ? Math.Min(t, MaxPageSize) : MaxPageSize;
        var skip = int.TryParse(query["$skiptoken"], out var s) ? s : 0;
        var page = matching.Skip(skip).Take(top).ToList();
        var body = new JsonObject { ["value"] = new JsonArray([.. page.Select(i => (JsonNode)ItemJson(i, select))]) };
        if (skip + page.Count < matching.Count)
        {
            var next = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(query.Where(q => q.Key != "$skiptoken").Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())))
            {
                { "$skiptoken", (skip + page.Count).ToString(CultureInfo.InvariantCulture) },
            };
            body["@odata.nextLink"] = $"{BaseUrl}/sites/{site}/lists/{listId}/items" + next.ToQueryString();
        }
        return Results.Json(body);
    }

    private static bool Holds(JsonNode? actual, string op, JsonNode? expected)
    {
        var comparison = (actual, expected) switch
        {
            (null, null) => 0,
            (null, _) or (_, null) => op == "ne" ? 1 : int.MinValue,
            _ when expected!.GetValueKind() == System.Text.Json.JsonValueKind.Number && actual!.GetValueKind() == System.Text.Json.JsonValueKind.Number => Number(actual).CompareTo(Number(expected!)),
            _ => string.CompareOrdinal(actual!.ToString(), expected!.ToString()),
        };
        if (op == "startswith")
        {
            // SharePoint compares without case.
            return actual is not null && expected is not null && actual.ToString().StartsWith(expected.ToString(), StringComparison.OrdinalIgnoreCase);
        }
        return comparison != int.MinValue && op switch
        {
            "eq" => comparison == 0,
            "ne" => comparison != 0,
            "lt" => comparison < 0,
            "le" => comparison <= 0,
            "gt" => comparison > 0,
            _ => comparison >= 0,
        };
    }

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static HashSet<string>? SelectOf(string expand)
    {
        var m = Regex.Match(expand, @"fields\(\$select=(?<s>[^)]*)\)");
        return m.Success ? [.. m.Groups["s"].Value.Split(',')] : null;
    }

    [GeneratedRegex(@"^(?:fields/(?<field>\w+)\s+(?<op>eq|ne|lt|le|gt|ge)\s+(?<value>'(?:[^']|'')*'|-?\d+(?:\.\d+)?)|(?<op>startswith)\(fields/(?<field>\w+),\s*(?<value>'(?:[^']|'')*')\))$")]
    private static partial Regex Condition();
}
