using System.Text.Json;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Proactive;

/// <summary>
/// The occurrences whose messages wait for another attempt (the channel said 429, or failed for now), kept in the store:
/// every tick — on any host, after a restart — plans them again until each of their messages was sent or given up, so a
/// delay never loses a message. Writes go through the state's eTag, so two hosts settling at once lose neither's entries.
/// </summary>
public sealed class RhythmRetries(IBotStateStore state)
{
    private const string Key = "rectifybot/rhythm/retrying";
    private const int Attempts = 5;

    public async Task<IReadOnlyList<RhythmOccurrence>> PendingAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken)).Pending;

    /// <summary>Adds the occurrences still waiting and removes the settled ones; writes nothing when that changes nothing.</summary>
    public async Task SettleAsync(IReadOnlyCollection<RhythmOccurrence> waiting, IReadOnlyCollection<RhythmOccurrence> settled, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (pending, etag) = await ReadAsync(cancellationToken);
            var next = pending.Except(settled).Union(waiting).OrderBy(o => o.At).ThenBy(o => o.Kind).ToList();
            if (next.SequenceEqual(pending))
            {
                return;
            }
            if (await state.WriteStateAsync(Key, JsonSerializer.Serialize(next), etag, cancellationToken) is not null || attempt == Attempts)
            {
                return;
            }
        }
    }

    private async Task<(IReadOnlyList<RhythmOccurrence> Pending, string? ETag)> ReadAsync(CancellationToken cancellationToken) =>
        (await state.ReadStateAsync([Key], cancellationToken)).TryGetValue(Key, out var stored)
            ? (JsonSerializer.Deserialize<List<RhythmOccurrence>>(stored.Json) ?? [], stored.ETag)
            : ([], null);
}
