using System.Globalization;

namespace RectifyBot.Tasks;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary><c>Sqlite</c> (default) or <c>Graph</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    public SqliteStoreOptions Sqlite { get; set; } = new();

    public GraphStoreOptions Graph { get; set; } = new();

    public bool IsGraph => string.Equals(Provider, "Graph", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the configuration, or null.</summary>
    public string? Problem() =>
        IsGraph ? Graph.Problem()
        : string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase) ? null
        : $"Store:Provider «{Provider}» is not Sqlite or Graph.";
}

public sealed class SqliteStoreOptions
{
    /// <summary>The database file; default <c>rectifybot.db</c> under the user's local application data folder.</summary>
    public string? Path { get; set; }

    public string ResolvePath()
    {
        if (!string.IsNullOrWhiteSpace(Path))
        {
            return System.IO.Path.GetFullPath(Environment.ExpandEnvironmentVariables(Path));
        }
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return System.IO.Path.Combine(string.IsNullOrEmpty(data) ? System.IO.Path.Combine(AppContext.BaseDirectory, "data") : System.IO.Path.Combine(data, "RectifyBot"), "rectifybot.db");
    }
}

/// <summary>Configuration section <c>Units</c>.</summary>
public sealed class UnitsOptions
{
    public const string Section = "Units";

    /// <summary>Collective scopes and the places they cover, e.g. <c>新城区</c>: 蔡甸区, 江夏区, 黄陂区, 新洲区.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = [];
}

/// <summary>Configuration section <c>Clock</c>.</summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    /// <summary>Pins "today" (yyyy-MM-dd) for demos and acceptance runs; unset in production.</summary>
    public string? Today { get; set; }

    /// <summary>
    /// Starts the clock at this instant (yyyy-MM-ddTHH:mm, China time) and lets it run from there, so the rhythm's ticks
    /// can be pinned for demos and acceptance runs; wins over <see cref="Today"/>. Unset in production.
    /// </summary>
    public string? Now { get; set; }

    public DateTimeOffset? PinnedNow =>
        string.IsNullOrWhiteSpace(Now) ? null
        : DateTime.TryParseExact(Now.Trim(), "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? new DateTimeOffset(t, TimeSpan.FromHours(8))
        : throw new FormatException($"Clock:Now «{Now}» is not an instant written yyyy-MM-ddTHH:mm (China time).");

    public DateOnly? PinnedToday =>
        string.IsNullOrWhiteSpace(Today) ? null
        : DateOnly.TryParseExact(Today.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new FormatException($"Clock:Today «{Today}» is not a date written yyyy-MM-dd.");
}
