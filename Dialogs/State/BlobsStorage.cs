using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;

namespace RectifyBot.Dialogs.State;

/// <summary>
/// The Bot Framework's <see cref="IStorage"/> on Azure Blob Storage (<c>State:Provider=Blobs</c>), so several hosts behind
/// a load balancer share one conversation state: one blob per key, the JSON <see cref="StoreBackedStorage"/> writes, and
/// the blob's ETag for optimistic concurrency. The semantics are <see cref="StoreBackedStorage"/>'s: an eTag of
/// <c>"*"</c> or none writes unconditionally, any other eTag writes only if the blob still has it, and a stale one fails
/// the turn (the person is told and the turn can be sent again); a storage that cannot be reached is read as empty.
/// </summary>
/// <remarks>
/// <see cref="BotState"/> keeps its properties in a plain dictionary, not an <see cref="IStoreItem"/>, so the SDK's
/// storages let the last of two hosts silently overwrite the other's conversation state. Here the dictionary carries the
/// blob's ETag under <c>eTag</c> (as the SDK's MemoryStorage does), and a turn that read an older version of the state
/// is refused instead of overwriting the turn that finished first.
/// </remarks>
public sealed partial class BlobsStorage : IStorage
{
    /// <summary>Where a <see cref="BotState"/> dictionary carries the eTag of the blob it was read from.</summary>
    public const string ETagKey = "eTag";

    private const int MaxBlobName = 1024;

    private readonly BlobContainerClient _container;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public BlobsStorage(string connectionString, string container, ILogger<BlobsStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var options = new BlobClientOptions();
        // A turn waits for its state: fail fast to "unavailable" rather than keep the person waiting for minutes.
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        _container = new BlobContainerClient(connectionString, container, options);
        _logger = logger ?? NullLogger<BlobsStorage>.Instance;
    }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            BlobDownloadResult download;
            try
            {
                download = (await _container.GetBlobClient(BlobName(key)).DownloadContentAsync(cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue; // no state yet (or no container yet)
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogUnavailable(_logger, e, "read");
                return new Dictionary<string, object>();
            }
            object? value;
            try
            {
                value = JsonConvert.DeserializeObject(download.Content.ToString(), StoreBackedStorage.Settings);
            }
            catch (JsonException)
            {
                continue; // state written by an older build that no longer reads: the conversation starts afresh
            }
            var etag = download.Details.ETag.ToString();
            switch (value)
            {
                case IStoreItem item:
                    item.ETag = etag;
                    break;
                case IDictionary<string, object> state:
                    state[ETagKey] = etag;
                    break;
            }
            if (value is not null)
            {
                result[key] = value;
            }
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (key, value) in changes)
        {
            var expected = ExpectedETag(value);
            var conditions = expected is null or "*" ? null : new BlobRequestConditions { IfMatch = new ETag(expected) };
            var content = BinaryData.FromString(JsonConvert.SerializeObject(value, StoreBackedStorage.Settings));
            string etag;
            try
            {
                await EnsureContainerAsync(cancellationToken);
                var uploaded = await _container.GetBlobClient(BlobName(key)).UploadAsync(content, new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                }, cancellationToken);
                etag = uploaded.Value.ETag.ToString();
            }
            catch (RequestFailedException e) when (conditions is not null && e.Status is 412 or 409 or 404)
            {
                // 412: the blob changed since it was read; 404: it was deleted since; 409: another host is writing it now.
                throw new StateConflictException(key, expected, e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogUnavailable(_logger, e, "written");
                continue;
            }
            switch (value)
            {
                case IStoreItem written:
                    written.ETag = etag;
                    break;
                case IDictionary<string, object> state:
                    state[ETagKey] = etag;
                    break;
            }
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            try
            {
                await _container.GetBlobClient(BlobName(key)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // no container yet: nothing to delete
            }
        }
    }

    /// <summary>
    /// The blob a key is kept in: the key escaped so that any character is valid in a blob name and no two keys share a
    /// blob; a key too long for a blob name is kept under its SHA-256.
    /// </summary>
    public static string BlobName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var escaped = Uri.EscapeDataString(key);
        return escaped.Length <= MaxBlobName && !escaped.EndsWith('.')
            ? escaped
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string? ExpectedETag(object? value) => value switch
    {
        IStoreItem item => string.IsNullOrEmpty(item.ETag) ? null : item.ETag,
        IDictionary<string, object> state => state.TryGetValue(ETagKey, out var etag) && etag is string { Length: > 0 } text ? text : null,
        _ => null,
    };

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot state could not be {Action}: Blob Storage is unavailable; the turn goes on without it")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string action);
}
