using System.Globalization;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Reads list item fields as the SDK parsed them — numbers as <see cref="decimal"/> (or other numeric types), dates as
/// <see cref="DateTime"/> or text, arrays and objects as untyped nodes — and writes values Graph accepts.
/// </summary>
public static class GraphFields
{
    public static string Text(IDictionary<string, object?> fields, string name) => fields.TryGetValue(name, out var value) ? AsText(value) ?? "" : "";

    public static long? Number(IDictionary<string, object?> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        return value switch
        {
            decimal d => (long)d,
            double d => (long)d,
            float f => (long)f,
            int i => i,
            long l => l,
            UntypedDecimal u => (long)u.GetValue(),
            UntypedDouble u => (long)u.GetValue(),
            UntypedFloat u => (long)u.GetValue(),
            UntypedInteger u => u.GetValue(),
            UntypedLong u => u.GetValue(),
            JsonElement { ValueKind: JsonValueKind.Number } e => (long)e.GetDouble(),
            _ => double.TryParse(AsText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? (long)parsed : null,
        };
    }

    public static DateTimeOffset? Instant(IDictionary<string, object?> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        return value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()),
            _ => DateTimeOffset.TryParse(AsText(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null,
        };
    }

    public static DateOnly? Date(IDictionary<string, object?> fields, string name) =>
        Instant(fields, name) is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : null;

    public static bool Flag(IDictionary<string, object?> fields, string name) =>
        fields.TryGetValue(name, out var value) && value switch
        {
            bool b => b,
            UntypedBoolean u => u.GetValue(),
            JsonElement { ValueKind: JsonValueKind.True } => true,
            _ => string.Equals(AsText(value), "true", StringComparison.OrdinalIgnoreCase) || AsText(value) == "1",
        };

    /// <summary>A JSON array kept in a text column (measures, unit names, evidence).</summary>
    public static List<T> JsonList<T>(IDictionary<string, object?> fields, string name)
    {
        var text = Text(fields, name);
        return text.Length == 0 ? [] : JsonSerializer.Deserialize<List<T>>(text) ?? [];
    }

    public static string WriteInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string WriteDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    public static string WriteJson<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>A string literal for <c>$filter</c>: single quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string? AsText(object? value) => value switch
    {
        null => null,
        string s => s,
        UntypedString u => u.GetValue(),
        UntypedNull => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.ToString(),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
