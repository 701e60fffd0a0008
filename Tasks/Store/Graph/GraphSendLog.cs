using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// The proactive send log as items of the Sends list, one per send key (the unique SendKey column). A claim writes a
/// fresh random ClaimToken with it, so the caller can tell its own write from another host's when an answer was lost.
/// A new key is claimed by creating its item: of several hosts creating at once one gets <c>201</c>, the others
/// <c>409</c>, read the item back, find another's token and a fresh claim, and do not claim. A create applied but
/// answered <c>503</c> (the SDK sends it again and meets <c>409</c>) reads back this claim's token: claimed, once. An
/// existing item is claimed only when its claim is stale, unsent, not given up and past its back-off, by an update with
/// <c>If-Match</c> its eTag; a <c>412</c> reads it again (another host's fresh claim: not claimed; this claim's token:
/// claimed), within <see cref="GraphStoreOptions.ApplyBudgetSeconds"/>. SharePoint compares keys without case.
/// </summary>
public sealed partial class GraphSendLog(GraphListClient lists, GraphStoreOptions options, TimeProvider time, ILogger<GraphSendLog>? logger = null) : ISendLog
{
    private static readonly string[] Fields = [.. GraphLists.All.First(l => l.Suffix == GraphLists.Sends).Columns.Select(c => c.Name)];

    private readonly ILogger _logger = logger ?? NullLogger<GraphSendLog>.Instance;
    private readonly ResiliencePipeline _conflicts = GraphConflicts.Pipeline(options, time);

    public async Task<bool> TryClaimAsync(string key, string kind, string recipient, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var token = Guid.NewGuid().ToString("N");
        var claimed = await _conflicts.ExecuteAsync(async attempt =>
        {
            if (await FindItemAsync(key, attempt) is not { } found)
            {
                var fields = new Dictionary<string, object?>
                {
                    ["Title"] = key.Length <= 255 ? key : key[..255],
                    ["SendKey"] = key,
                    ["Kind"] = kind,
                    ["Recipient"] = recipient,
                    ["ClaimedAt"] = WriteInstant(now),
                    ["Attempts"] = 1,
                    ["ClaimToken"] = token,
                };
                return await WriteAsync(key, null, async () => await lists.CreateAsync(GraphLists.Sends, fields, attempt) is not null, attempt);
            }
            if (Text(found.Fields, "ClaimToken") == token)
            {
                LogOwnClaimReadBack(_logger, key);
                return Write.Done(true); // this claim's write landed; its answer was lost
            }
            var current = GraphItemMapping.SendFromFields(found.Fields);
            if (!Claimable(current, now, staleAfter))
            {
                return Write.Done(false);
            }
            var claim = new Dictionary<string, object?> { ["ClaimedAt"] = WriteInstant(now), ["Attempts"] = current.Attempts + 1, ["ClaimToken"] = token };
            var taken = await WriteAsync(key, found, () => lists.UpdateAsync(GraphLists.Sends, found.Id, claim, found.ETag, attempt), attempt);
            if (taken.Value)
            {
                LogClaimedAgain(_logger, key, current.Attempts + 1, current.LastError);
            }
            return taken;
        }, cancellationToken);
        return claimed.Value;
    }

    public Task MarkSentAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, new() { ["SentAt"] = WriteInstant(at), ["LastError"] = null, ["RetryAfter"] = null }, cancellationToken);

    /// <summary>The claim is made stale at once (the Unix epoch); the back-off decides when it may be claimed again.</summary>
    public Task ReleaseAsync(string key, string error, DateTimeOffset retryAfter, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, new() { ["ClaimedAt"] = WriteInstant(DateTimeOffset.UnixEpoch), ["RetryAfter"] = WriteInstant(retryAfter), ["LastError"] = error }, cancellationToken);

    public Task MarkFailedAsync(string key, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, new() { ["FailedAt"] = WriteInstant(at), ["LastError"] = error }, cancellationToken);

    public async Task<SendRecord?> FindSendAsync(string key, CancellationToken cancellationToken = default) =>
        await FindItemAsync(key, cancellationToken) is { } found ? GraphItemMapping.SendFromFields(found.Fields) : null;

    public async Task<IReadOnlyList<SendRecord>> ListSendsAsync(CancellationToken cancellationToken = default) =>
        [.. (await lists.QueryAsync(GraphLists.Sends, null, Fields, false, cancellationToken))
            .Select(i => GraphItemMapping.SendFromFields(i.Fields))
            .Where(s => s.Key.Length > 0)
            .OrderBy(s => s.ClaimedAt)
            .ThenBy(s => s.Key, StringComparer.Ordinal)];

    /// <summary>As the SQLite store: claimed once, and again only when the claimer must have crashed (or released it).</summary>
    private static bool Claimable(SendRecord send, DateTimeOffset now, TimeSpan staleAfter) =>
        send.SentAt is null && send.FailedAt is null && send.ClaimedAt <= now - staleAfter && (send.RetryAfter is null || send.RetryAfter <= now);

    /// <summary>
    /// One claiming write: done when it is answered, to be read again when refused (<c>409</c>, <c>412</c>). When it
    /// fails for good after the SDK's retries, the item is read again: unchanged, the write did not land and the error
    /// stands; changed, it may have landed, and the next attempt looks for this claim's token.
    /// </summary>
    private async Task<Write<bool>> WriteAsync(string key, GraphItem? before, Func<Task<bool>> write, CancellationToken cancellationToken)
    {
        try
        {
            if (await write())
            {
                return Write.Done(true);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && GraphTaskStore.IsTransient(e))
        {
            if ((await FindItemAsync(key, cancellationToken))?.ETag == before?.ETag)
            {
                throw;
            }
        }
        LogClaimRefused(_logger, key);
        return Write.Conflict<bool>();
    }

    /// <summary>Sets these fields whatever else the item holds, as the SQLite store does; sent again after a lost answer, it changes nothing.</summary>
    private async Task UpdateAsync(string key, Dictionary<string, object?> fields, CancellationToken cancellationToken)
    {
        if (await FindItemAsync(key, cancellationToken) is { } found)
        {
            await lists.UpdateAsync(GraphLists.Sends, found.Id, fields, null, cancellationToken);
        }
    }

    private Task<GraphItem?> FindItemAsync(string key, CancellationToken cancellationToken) =>
        lists.FindByKeyAsync(GraphLists.Sends, "SendKey", key, Fields, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claiming send {Key} met another write (409, 412 or a lost answer); reading it again")]
    private static partial void LogClaimRefused(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Send {Key} claimed again (attempt {Attempts}; last error: {LastError})")]
    private static partial void LogClaimedAgain(ILogger logger, string key, int attempts, string? lastError);

    [LoggerMessage(Level = LogLevel.Information, Message = "Send {Key}: the claim whose answer was lost is this caller's (its token read back)")]
    private static partial void LogOwnClaimReadBack(ILogger logger, string key);
}
