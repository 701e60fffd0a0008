using System.Globalization;
using System.Text.Json;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Reads list item fields from the JSON Graph answers (see <see cref="GraphListClient.QueryAsync"/> for why the bot reads
/// the body itself), and writes values Graph accepts. Numbers and booleans may also arrive as text, as some servers send them.
/// </summary>
public static class GraphFields
{
    public static string Text(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) ? AsText(value) ?? "" : "";

    public static long? Number(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        !fields.TryGetValue(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? (long)value.GetDouble()
        : double.TryParse(AsText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? (long)parsed : null;

    public static DateTimeOffset? Instant(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        DateTimeOffset.TryParse(Text(fields, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;

    public static DateOnly? Date(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        Instant(fields, name) is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : null;

    public static bool Flag(IReadOnlyDictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && (value.ValueKind == JsonValueKind.True
            || string.Equals(AsText(value), "true", StringComparison.OrdinalIgnoreCase) || AsText(value) == "1");

    /// <summary>A JSON array kept in a text column (measures, unit names, evidence).</summary>
    public static List<T> JsonList<T>(IReadOnlyDictionary<string, JsonElement> fields, string name)
    {
        var text = Text(fields, name);
        return text.Length == 0 ? [] : JsonSerializer.Deserialize<List<T>>(text) ?? [];
    }

    public static string WriteInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string WriteDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    public static string WriteJson<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>A string literal for <c>$filter</c>: single quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
