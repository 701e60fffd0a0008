namespace RectifyBot.Dialogs.State;

/// <summary>Where the Bot Framework's conversation and user state live (section <c>State</c>).</summary>
public sealed class StateOptions
{
    public const string Section = "State";

    /// <summary><c>Sqlite</c> (default: the task store's own state, SQLite or the Graph list) or <c>Blobs</c> (Azure Blob Storage, shared by every host).</summary>
    public string Provider { get; set; } = "Sqlite";

    public BlobsStateOptions Blobs { get; set; } = new();

    public bool IsBlobs => string.Equals(Provider, "Blobs", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the configuration, or null.</summary>
    public string? Problem() =>
        IsBlobs ? Blobs.Problem()
        : string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase) ? null
        : $"State:Provider «{Provider}» is not Sqlite or Blobs.";
}

public sealed class BlobsStateOptions
{
    public const string DefaultContainer = "rectifybot-state";

    /// <summary>The storage account's connection string (Azurite's for development).</summary>
    public string? ConnectionString { get; set; }

    public string Container { get; set; } = DefaultContainer;

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return "State:Provider=Blobs needs State:Blobs:ConnectionString (the storage account's connection string).";
        }
        // Azure's rule for container names: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
        var valid = Container is { Length: >= 3 and <= 63 } name
            && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        return valid ? null : $"State:Blobs:Container «{Container}» is not a valid container name (3-63 lowercase letters, digits and single hyphens).";
    }
}
