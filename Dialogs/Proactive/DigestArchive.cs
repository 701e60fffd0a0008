using System.Text.Json;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The digests kept in the store (shared by every host): each month's last posted digest, so the next month's "changes
/// since" compares with what people actually saw and a refreshed card shows what was posted; and the previews a leader
/// has not yet posted or cancelled.
/// </summary>
public sealed class DigestArchive(IBotStateStore state)
{
    private const string Posted = "rectifybot/digest/posted/";
    private const string Previews = "rectifybot/digest/preview/";

    /// <summary>How far back "since the last digest" looks for one.</summary>
    public const int MonthsBack = 12;

    /// <summary>A preview older than this is not posted: its figures are stale, the leader is asked to build it again.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task KeepAsync(DigestSnapshot posted, CancellationToken cancellationToken) =>
        state.WriteJsonAsync(Posted + posted.View.Month, posted, Json, cancellationToken);

    public Task<DigestSnapshot?> FindAsync(YearMonth month, CancellationToken cancellationToken) => state.ReadJsonAsync<DigestSnapshot>(Posted + month, Json, cancellationToken);

    /// <summary>The latest digest posted for a month before <paramref name="month"/> (within <see cref="MonthsBack"/>), in one read.</summary>
    public async Task<DigestSnapshot?> LatestBeforeAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(1, MonthsBack).Select(i => Posted + month.AddMonths(-i)).ToList();
        var found = await state.ReadStateAsync(keys, cancellationToken);
        return keys.Select(k => Read(found, k)).FirstOrDefault(s => s is not null);
    }

    public async Task<string> SavePreviewAsync(DigestSnapshot preview, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        await SavePreviewAsync(id, preview, cancellationToken);
        return id;
    }

    public Task SavePreviewAsync(string id, DigestSnapshot preview, CancellationToken cancellationToken) =>
        state.WriteJsonAsync(Previews + id, preview, Json, cancellationToken);

    public Task<DigestSnapshot?> FindPreviewAsync(string id, CancellationToken cancellationToken) => state.ReadJsonAsync<DigestSnapshot>(Previews + id, Json, cancellationToken);

    public Task DeletePreviewAsync(string id, CancellationToken cancellationToken) => state.DeleteStateAsync([Previews + id], cancellationToken);

    private static DigestSnapshot? Read(IReadOnlyDictionary<string, StoredState> found, string key) =>
        found.TryGetValue(key, out var stored) ? JsonSerializer.Deserialize<DigestSnapshot>(stored.Json, Json) : null;
}
