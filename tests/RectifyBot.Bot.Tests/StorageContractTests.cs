using Microsoft.Bot.Builder;
using RectifyBot.Dialogs.State;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The Bot Framework storage contract the bot's conversation state relies on, run on every <see cref="IStorage"/> the
/// host can be configured with (<c>State:Provider</c>): values keep their types, eTags guard <see cref="IStoreItem"/>s,
/// a stale eTag is refused and changes nothing, <c>"*"</c> or no eTag writes unconditionally.
/// </summary>
public abstract class StorageContractTests
{
    /// <summary>A fresh, empty storage; called again, another object on the same data (another host).</summary>
    protected abstract IStorage Storage();

    public sealed class Note : IStoreItem
    {
        public string Text { get; set; } = "";

        public List<int> Steps { get; set; } = [];

        public string ETag { get; set; } = "";
    }

    private static async Task<Note?> ReadNoteAsync(IStorage storage, string key) =>
        (await storage.ReadAsync([key])).TryGetValue(key, out var value) ? Assert.IsType<Note>(value) : null;

    [Fact]
    public async Task A_value_is_read_back_with_its_type_and_an_etag_and_missing_keys_are_left_out()
    {
        var storage = Storage();
        var note = new Note { Text = "任务 3 报告中", Steps = [1, 2] };
        await storage.WriteAsync(new Dictionary<string, object> { ["msteams/conversations/a:1/private/u-water"] = note });
        Assert.False(string.IsNullOrEmpty(note.ETag));

        var read = await storage.ReadAsync(["msteams/conversations/a:1/private/u-water", "missing"]);
        var back = Assert.IsType<Note>(Assert.Single(read).Value);
        Assert.Equal(("任务 3 报告中", note.ETag), (back.Text, back.ETag));
        Assert.Equal([1, 2], back.Steps);
    }

    [Fact]
    public async Task A_write_with_the_current_etag_succeeds_and_gets_a_new_one()
    {
        var storage = Storage();
        var note = new Note { Text = "one" };
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });
        var first = note.ETag;
        var read = (await ReadNoteAsync(storage, "k"))!;
        read.Text = "two";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = read });
        Assert.NotEqual(first, read.ETag);
        Assert.Equal(("two", read.ETag), (await ReadNoteAsync(storage, "k")) is { } back ? (back.Text, back.ETag) : default);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var storage = Storage();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "one" } });
        var mine = (await ReadNoteAsync(storage, "k"))!;
        var theirs = (await ReadNoteAsync(storage, "k"))!;
        theirs.Text = "theirs";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = theirs });

        mine.Text = "mine";
        var refused = await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = mine }));
        Assert.Contains("changed by another turn", refused.Message);
        Assert.Equal("theirs", (await ReadNoteAsync(storage, "k"))!.Text);
    }

    [Fact]
    public async Task A_write_with_an_etag_for_a_key_that_is_gone_is_refused()
    {
        var storage = Storage();
        var note = new Note { Text = "one" };
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });
        await storage.DeleteAsync(["k"]);
        note.Text = "after delete";
        await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = note }));
        Assert.Null(await ReadNoteAsync(storage, "k"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    public async Task A_star_or_missing_etag_writes_whatever_is_stored(string etag)
    {
        var storage = Storage();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "one" } });
        var blind = new Note { Text = "blind", ETag = etag };
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = blind });
        Assert.Equal("blind", (await ReadNoteAsync(storage, "k"))!.Text);
        Assert.NotEqual(etag, blind.ETag);
    }

    [Fact]
    public async Task Delete_removes_only_the_keys_named_and_ignores_missing_ones()
    {
        var storage = Storage();
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "a" }, ["b"] = new Note { Text = "b" } });
        await storage.DeleteAsync(["a", "never-written"]);
        Assert.Equal(["b"], (await storage.ReadAsync(["a", "b"])).Keys);
    }

    [Fact]
    public async Task Keys_with_any_characters_are_kept_apart()
    {
        var storage = Storage();
        string[] keys = ["a/b", "a%2Fb", "a b?c#d", "单位/市水务局", "a.", "x" + new string('y', 1100), "x" + new string('y', 1101)];
        await storage.WriteAsync(keys.ToDictionary(k => k, object (k) => new Note { Text = k }));
        var read = await storage.ReadAsync(keys);
        Assert.Equal(keys.Order(), read.Keys.Order());
        Assert.All(read, pair => Assert.Equal(pair.Key, Assert.IsType<Note>(pair.Value).Text));
    }

    [Fact]
    public async Task Another_object_on_the_same_data_reads_what_the_first_wrote()
    {
        var writer = Storage();
        var note = new Note { Text = "kept", Steps = [3] };
        await writer.WriteAsync(new Dictionary<string, object> { ["conversation/1"] = note });
        var back = await ReadNoteAsync(Storage(), "conversation/1");
        Assert.Equal(("kept", note.ETag), (back!.Text, back.ETag));
    }
}

/// <summary>The contract on the task store's state (<c>State:Provider=Sqlite</c>, the default).</summary>
public sealed class SqliteStorageTests : StorageContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-storage-").FullName;

    protected override IStorage Storage() => new StoreBackedStorage(new SqliteTaskStore(Path.Combine(_folder, "state.db"), new UnitMatcher()));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }
}

/// <summary>The contract on Azure Blob Storage (<c>State:Provider=Blobs</c>), against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobsStorageTests(AzuriteFixture azurite) : StorageContractTests
{
    private readonly string _container = AzuriteFixture.NewContainer();

    protected override IStorage Storage() => new BlobsStorage(azurite.ConnectionString, _container);
}
