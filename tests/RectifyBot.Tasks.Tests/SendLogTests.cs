using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every proactive send log must do, run against each implementation: a send is claimed once.</summary>
public abstract class SendLogContract
{
    private static readonly DateTimeOffset Now = new(2019, 3, 10, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);
    private const string Key = "reminder|2019-03|市水务局|personal:u-water";

    /// <summary>An empty log, a factory for another instance on the same store (another host), and its cleanup.</summary>
    protected abstract Task<(ISendLog Log, Func<ISendLog> Another, IAsyncDisposable Cleanup)> OpenAsync();

    [Fact]
    public async Task A_send_is_claimed_once_and_once_sent_never_again()
    {
        var (log, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        Assert.True(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        Assert.False(await another().TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddSeconds(1), Stale));
        await log.MarkSentAsync(Key, Now.AddSeconds(2));
        Assert.False(await another().TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddDays(1), Stale));

        var record = (await another().FindSendAsync(Key))!;
        Assert.Equal((1, Now.AddSeconds(2), "reminder", "personal:u-water"), (record.Attempts, record.SentAt!.Value, record.Kind, record.Recipient));
    }

    [Fact]
    public async Task A_claim_left_unsent_by_a_crash_is_claimed_again_only_once_it_is_stale()
    {
        var (log, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        Assert.True(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        Assert.False(await another().TryClaimAsync(Key, "reminder", "personal:u-water", Now + Stale - TimeSpan.FromSeconds(1), Stale));
        Assert.True(await another().TryClaimAsync(Key, "reminder", "personal:u-water", Now + Stale, Stale));
        Assert.Equal(2, (await log.FindSendAsync(Key))!.Attempts);
    }

    [Fact]
    public async Task A_failed_attempt_waits_for_its_back_off_and_one_given_up_is_never_claimed()
    {
        var (log, _, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        Assert.True(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale));
        await log.ReleaseAsync(Key, "429 Too Many Requests", Now.AddSeconds(30));
        Assert.False(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddSeconds(29), Stale));
        Assert.True(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddSeconds(30), Stale));
        Assert.Equal("429 Too Many Requests", (await log.FindSendAsync(Key))!.LastError);

        await log.MarkFailedAsync(Key, "403 Forbidden: the bot was removed", Now.AddMinutes(1));
        Assert.False(await log.TryClaimAsync(Key, "reminder", "personal:u-water", Now.AddDays(30), Stale));
        Assert.NotNull((await log.FindSendAsync(Key))!.FailedAt);
    }

    [Fact]
    public async Task Of_many_hosts_racing_for_the_same_send_exactly_one_wins()
    {
        var (log, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var hosts = Enumerable.Range(0, 16).Select(_ => another()).ToList();
        var claims = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.TryClaimAsync(Key, "reminder", "personal:u-water", Now, Stale))));
        Assert.Equal(1, claims.Count(c => c));
        Assert.Equal(1, (await log.FindSendAsync(Key))!.Attempts);
        Assert.Single(await log.ListSendsAsync());
    }
}

public sealed class SqliteSendLogTests : SendLogContract
{
    protected override Task<(ISendLog Log, Func<ISendLog> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var temp = new TempStore();
        return Task.FromResult<(ISendLog, Func<ISendLog>, IAsyncDisposable)>((temp.Store, () => temp.Reopen(), new Disposer(temp)));
    }

    private sealed class Disposer(TempStore temp) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            temp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
