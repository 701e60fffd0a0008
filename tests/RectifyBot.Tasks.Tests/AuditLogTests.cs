using Microsoft.Data.Sqlite;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every audit log must do, run against each implementation: append once, read back in order, filter.</summary>
public abstract class AuditLogContract
{
    private static readonly DateTimeOffset Now = new(2019, 3, 10, 1, 0, 0, TimeSpan.Zero);

    /// <summary>An empty log, a factory for another instance on the same store (another host), and its cleanup.</summary>
    protected abstract Task<(IAuditLog Log, Func<IAuditLog> Another, IAsyncDisposable Cleanup)> OpenAsync();

    private static AuditEntry Entry(string key, string action, int? task, DateTimeOffset at, bool refused = false) => new()
    {
        Key = key,
        At = at,
        ActorId = "aad-water-1",
        ActorName = "王敏",
        Action = action,
        TaskNumber = task,
        Subject = $"subject-{key}",
        Details = $"details of {key}",
        Refused = refused,
    };

    [Fact]
    public async Task Entries_read_back_as_appended_oldest_first_with_increasing_sequence()
    {
        var (log, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var first = await log.AppendAsync(Entry("a", AuditActions.ReportStored, 3, Now));
        var second = await log.AppendAsync(Entry("b", AuditActions.TaskSignedOff, 3, Now.AddMinutes(1)));
        await log.AppendAsync(Entry("c", AuditActions.ReportStored, 5, Now.AddMinutes(2), refused: true));

        Assert.True(second.Sequence > first.Sequence);
        var all = await another().ReadAllAuditAsync(AuditQuery.All);
        Assert.Equal(["a", "b", "c"], all.Select(e => e.Key));
        Assert.Equal(Entry("c", AuditActions.ReportStored, 5, Now.AddMinutes(2), refused: true) with { Sequence = all[2].Sequence }, all[2]);
    }

    [Fact]
    public async Task An_entry_appended_again_with_its_key_is_stored_once_and_the_first_is_kept()
    {
        var (log, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var first = await log.AppendAsync(Entry("report:src-1", AuditActions.ReportStored, 3, Now));
        var again = await another().AppendAsync(Entry("report:src-1", AuditActions.ReportStored, 3, Now.AddMinutes(5)) with { Details = "changed" });

        Assert.Equal(first, again);
        Assert.Single(await log.ReadAllAuditAsync(AuditQuery.All));
    }

    [Fact]
    public async Task The_query_filters_by_task_action_and_time_and_pages_to_the_end()
    {
        var (log, _, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        for (var i = 0; i < 7; i++)
        {
            await log.AppendAsync(Entry($"k{i}", i % 2 == 0 ? AuditActions.ReportStored : AuditActions.NoticeIssued, i % 3, Now.AddHours(i)));
        }

        Assert.Equal(["k0", "k3", "k6"], (await log.ReadAllAuditAsync(new AuditQuery { TaskNumber = 0 })).Select(e => e.Key));
        Assert.Equal(["k1", "k3", "k5"], (await log.ReadAllAuditAsync(new AuditQuery { Action = AuditActions.NoticeIssued })).Select(e => e.Key));
        Assert.Equal(["k2", "k3"], (await log.ReadAllAuditAsync(new AuditQuery { From = Now.AddHours(2), To = Now.AddHours(4) })).Select(e => e.Key));

        var page = await log.QueryAuditAsync(AuditQuery.All, new PageRequest(3));
        Assert.Equal(["k0", "k1", "k2"], page.Items.Select(e => e.Key));
        var next = await log.QueryAuditAsync(AuditQuery.All, new PageRequest(3, page.ContinuationToken));
        Assert.Equal(["k3", "k4", "k5"], next.Items.Select(e => e.Key));
    }
}

public sealed class SqliteAuditLogTests : AuditLogContract
{
    protected override Task<(IAuditLog Log, Func<IAuditLog> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var temp = new TempStore();
        return Task.FromResult<(IAuditLog, Func<IAuditLog>, IAsyncDisposable)>((temp.Store, () => temp.Reopen(), new Disposer(temp)));
    }

    [Theory]
    [InlineData("UPDATE audit SET details = 'rewritten'", "never updated")]
    [InlineData("DELETE FROM audit", "never deleted")]
    public async Task The_table_refuses_to_rewrite_or_remove_an_entry_even_from_outside_the_bot(string sql, string refusal)
    {
        using var temp = new TempStore();
        await temp.Store.AppendAsync(new AuditEntry { At = DateTimeOffset.UnixEpoch, ActorId = "a", ActorName = "A", Action = AuditActions.ReportStored, Details = "original" });

        await using var connection = new SqliteConnection($"Data Source={temp.Store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains(refusal, error.Message);
        Assert.Equal("original", Assert.Single(await temp.Store.ReadAllAuditAsync(AuditQuery.All)).Details);
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
