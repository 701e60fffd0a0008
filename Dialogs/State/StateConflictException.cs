namespace RectifyBot.Dialogs.State;

/// <summary>
/// A state write refused because its eTag is stale: another turn (on this host or another) changed the state since
/// this turn read it. The other turn's state is kept; this turn's changes are not written.
/// </summary>
public sealed class StateConflictException(string key, string? staleETag, Exception? inner = null)
    : InvalidOperationException($"State «{key}» was changed by another turn (eTag {staleETag} is stale).", inner)
{
    public string Key { get; } = key;
}
