using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every store of conversation addresses must do, run against each implementation.</summary>
public abstract class ConversationStoreContract
{
    private static readonly DateTimeOffset Now = new(2019, 3, 20, 2, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, and a way to open the same store again (a new process).</summary>
    protected abstract Task<(IConversationStore Store, Func<IConversationStore> Reopen, IAsyncDisposable Cleanup)> OpenAsync();

    private static ConversationAddress Personal(string aad, string serviceUrl = "https://smba.trafficmanager.net/cn/") => new()
    {
        Key = ConversationAddress.PersonalKey(aad),
        Kind = ConversationKind.Personal,
        ConversationId = "a:1" + aad,
        ServiceUrl = serviceUrl,
        ChannelId = "msteams",
        TenantId = "11111111-2222-3333-4444-555555555555",
        AadObjectId = aad,
        UserId = "29:" + aad,
        BotId = "28:bot",
        Locale = "zh-CN",
        UpdatedAt = Now,
    };

    [Fact]
    public async Task An_address_round_trips_with_every_field_and_survives_a_reopen()
    {
        var (store, reopen, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var channel = new ConversationAddress
        {
            Key = ConversationAddress.ChannelKey("19:team@thread.tacv2", "19:general@thread.tacv2"),
            Kind = ConversationKind.Channel,
            ConversationId = "19:general@thread.tacv2",
            ServiceUrl = "https://smba.trafficmanager.net/cn/",
            ChannelId = "msteams",
            TenantId = "t-1",
            TeamId = "19:team@thread.tacv2",
            TeamChannelId = "19:general@thread.tacv2",
            BotId = "28:bot",
            UpdatedAt = Now,
        };
        await store.SaveConversationAsync(channel);
        await store.SaveConversationAsync(Personal("u-water"));

        var again = reopen();
        Assert.Equal(channel, await again.FindConversationAsync(channel.Key));
        Assert.Equal(Personal("u-water"), await again.FindConversationAsync("personal:u-water"));
        Assert.Null(await again.FindConversationAsync("personal:u-nobody"));
        Assert.Equal([channel.Key, "personal:u-water"], (await again.ListConversationsAsync()).Select(c => c.Key));
    }

    [Fact]
    public async Task The_locale_round_trips_a_changed_one_replaces_it_and_none_reads_as_null()
    {
        var (store, reopen, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        await store.SaveConversationAsync(Personal("u-water"));
        await store.SaveConversationAsync(Personal("u-leader") with { Locale = null });
        Assert.Equal("zh-CN", (await reopen().FindConversationAsync("personal:u-water"))!.Locale);

        await store.SaveConversationAsync(Personal("u-water") with { Locale = "en-US", UpdatedAt = Now.AddHours(1) });

        var again = reopen();
        Assert.Equal(Personal("u-water") with { Locale = "en-US", UpdatedAt = Now.AddHours(1) }, await again.FindConversationAsync("personal:u-water"));
        Assert.Null((await again.FindConversationAsync("personal:u-leader"))!.Locale);
        Assert.Equal([null, "en-US"], (await again.ListConversationsAsync()).Select(a => a.Locale));
    }

    [Fact]
    public async Task Saving_the_same_key_again_replaces_it_and_a_gone_address_comes_back_when_reinstalled()
    {
        var (store, _, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        await store.SaveConversationAsync(Personal("u-water"));
        await store.SaveConversationAsync(Personal("u-water", "https://smba.trafficmanager.net/apac/") with { UpdatedAt = Now.AddDays(1) });
        var moved = Assert.Single(await store.ListConversationsAsync());
        Assert.Equal("https://smba.trafficmanager.net/apac/", moved.ServiceUrl);

        Assert.True(await store.MarkConversationGoneAsync("personal:u-water", "uninstalled", Now.AddDays(2)));
        var gone = (await store.FindConversationAsync("personal:u-water"))!;
        Assert.True(gone.IsGone);
        Assert.Equal((Now.AddDays(2), "uninstalled"), (gone.GoneAt!.Value, gone.GoneReason));
        Assert.False(await store.MarkConversationGoneAsync("personal:u-nobody", "uninstalled", Now));

        await store.SaveConversationAsync(Personal("u-water") with { UpdatedAt = Now.AddDays(3) });
        Assert.False((await store.FindConversationAsync("personal:u-water"))!.IsGone);
    }
}

public sealed class SqliteConversationStoreTests : ConversationStoreContract
{
    protected override Task<(IConversationStore Store, Func<IConversationStore> Reopen, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var temp = new TempStore();
        return Task.FromResult<(IConversationStore, Func<IConversationStore>, IAsyncDisposable)>((temp.Store, () => temp.Reopen(), new Disposer(temp)));
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
