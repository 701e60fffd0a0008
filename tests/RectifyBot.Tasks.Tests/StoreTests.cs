using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every task store must do, run against each implementation (<see cref="SqliteStoreTests"/>, <see cref="Graph.GraphStoreTests"/>).</summary>
public abstract class StoreContract
{
    protected abstract Task<IStoreHarness> OpenAsync();

    [Fact]
    public async Task A_task_round_trips_with_every_field()
    {
        await using var temp = await OpenAsync();
        var task = Build.Task(7, lead: "市委办公厅", responsible: "江岸、硚口区党委、政府") with
        {
            Deadline = new Deadline(new DateOnly(2019, 6, 30), "2019 年 6 月底之前", DeadlineKind.Dated),
        };
        await temp.Store.ImportTasksAsync([task]);
        var stored = await temp.Reopen().Store.GetTaskAsync(7);
        Assert.NotNull(stored);
        Assert.True(stored.HasSamePlanAs(task));
        Assert.Equal(task.LeadUnits, stored.LeadUnits);
        Assert.Equal(task.ResponsibleUnits, stored.ResponsibleUnits);
        Assert.Equal(["江岸区党委", "硚口区党委", "江岸区政府", "硚口区政府"], stored.ResponsibleUnits.Names);
        Assert.Equal(1, stored.Version);
        Assert.Null(await temp.Store.GetTaskAsync(8));
    }

    [Fact]
    public async Task A_stale_update_is_refused_not_merged()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(1)]);
        var read1 = (await temp.Store.GetTaskAsync(1))!;
        var read2 = (await temp.Store.GetTaskAsync(1))!;

        var first = await temp.UpdateTaskAsync(read1 with { Status = RectificationStatus.Lagging });
        Assert.Equal(TaskWriteOutcome.Written, first.Outcome);
        var second = await temp.UpdateTaskAsync(read2 with { PercentComplete = 90 });
        Assert.Equal(TaskWriteOutcome.Stale, second.Outcome);
        Assert.Equal(RectificationStatus.Lagging, second.Task!.Status);

        var now = (await temp.Store.GetTaskAsync(1))!;
        Assert.Equal(RectificationStatus.Lagging, now.Status);
        Assert.Equal(0, now.PercentComplete);
        Assert.Equal(2, now.Version);
        Assert.Equal(TaskWriteOutcome.NotFound, (await temp.UpdateTaskAsync(Build.Task(99))).Outcome);
    }

    [Fact]
    public async Task A_report_is_stored_once_per_source_and_applied_to_its_task()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(3)]);
        var report = Build.Report(3, "activity-1", percent: 60) with
        {
            MeasuresDone = [1, 3],
            ExpectedCompletionText = "2019年6月底",
            ExpectedCompletion = new DateOnly(2019, 6, 30),
            Reason = "征地延误",
            OnBehalf = true,
        };

        var first = await temp.Store.SubmitReportAsync(report, expectedTaskVersion: 1);
        Assert.Equal(ReportOutcome.Stored, first.Outcome);
        var again = await temp.Store.SubmitReportAsync(report with { Id = "other", PercentComplete = 70 }, expectedTaskVersion: null);
        Assert.Equal(ReportOutcome.Duplicate, again.Outcome);
        Assert.Equal(report.Id, again.Report!.Id);

        var reports = await temp.Store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First);
        Assert.Equal(report, Assert.Single(reports.Items) with { Evidence = report.Evidence, MeasuresDone = report.MeasuresDone });
        Assert.Equal(report.Evidence, reports.Items[0].Evidence);
        Assert.Equal([1, 3], reports.Items[0].MeasuresDone);
        var task = (await temp.Store.GetTaskAsync(3))!;
        Assert.Equal(60, task.PercentComplete);
        Assert.Equal(RectificationStatus.InProgress, task.Status);
        Assert.Equal(report.ReportedAt, task.LastReportAt);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public async Task A_report_against_a_changed_task_or_a_missing_one_writes_nothing()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(3)]);
        var stale = await temp.Store.SubmitReportAsync(Build.Report(3, "a"), expectedTaskVersion: 5);
        Assert.Equal(ReportOutcome.StaleTask, stale.Outcome);
        var missing = await temp.Store.SubmitReportAsync(Build.Report(42, "b"), expectedTaskVersion: null);
        Assert.Equal(ReportOutcome.TaskNotFound, missing.Outcome);
        Assert.Empty((await temp.Store.QueryReportsAsync(new ReportQuery(), PageRequest.First)).Items);
        Assert.Equal(1, (await temp.Store.GetTaskAsync(3))!.Version);
    }

    [Fact]
    public async Task A_late_report_never_rolls_the_task_back()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(3)]);
        var newer = new DateTimeOffset(2019, 3, 12, 0, 0, 0, TimeSpan.Zero);
        await temp.Store.SubmitReportAsync(Build.Report(3, "new", percent: 80, at: newer), null);
        await temp.Store.SubmitReportAsync(Build.Report(3, "old", percent: 40, at: newer.AddDays(-2)), null);
        var task = (await temp.Store.GetTaskAsync(3))!;
        Assert.Equal(80, task.PercentComplete);
        Assert.Equal(newer, task.LastReportAt);
        Assert.Equal(2, (await temp.Store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items.Count);
    }

    [Fact]
    public async Task Queries_by_unit_overdue_and_month_page_through_everything()
    {
        await using var temp = await OpenAsync();
        var tasks = Enumerable.Range(1, 30).Select(n => Build.Task(n,
            deadline: n % 3 == 0 ? "2018-12-31" : "2019-03-31",
            responsible: n % 2 == 0 ? "市水务局" : "江岸、硚口区党委、政府")).ToList();
        tasks[2] = tasks[2] with { Status = RectificationStatus.Completed };
        await temp.Store.ImportTasksAsync(tasks);
        await temp.UpdateTaskAsync((await temp.Store.GetTaskAsync(3))! with { Status = RectificationStatus.Completed });

        async Task<List<int>> All(TaskQuery q) =>
            (await Paging.ReadAllAsync((p, ct) => temp.Store.QueryTasksAsync(q, p with { Size = 4 }, ct), CancellationToken.None)).Select(t => t.Number).ToList();

        Assert.Equal(Enumerable.Range(1, 30), await All(TaskQuery.All));
        Assert.Equal(Enumerable.Range(1, 15).Select(n => n * 2), await All(new TaskQuery { Unit = "市水务局" }));
        Assert.Equal(Enumerable.Range(0, 15).Select(n => n * 2 + 1), await All(new TaskQuery { Unit = "硚口区政府" }));
        Assert.Equal(new[] { 6, 9, 12, 15, 18, 21, 24, 27, 30 }, await All(new TaskQuery { OverdueAsOf = new DateOnly(2019, 3, 10) }));
        Assert.Equal(new[] { 6, 12, 18, 24, 30 }, await All(new TaskQuery { OverdueAsOf = new DateOnly(2019, 3, 10), Unit = "市水务局" }));
        Assert.Equal(20, (await All(new TaskQuery { DueIn = new YearMonth(2019, 3) })).Count);
        Assert.Empty(await All(new TaskQuery { Unit = "市农业农村局" }));

        var first = await temp.Store.QueryTasksAsync(new TaskQuery { Unit = "市水务局" }, new PageRequest(15));
        Assert.Equal(15, first.Items.Count);
        Assert.False(first.HasMore);
    }

    [Fact]
    public async Task Reimporting_updates_plan_fields_in_place_and_keeps_progress_and_reports()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(1), Build.Task(2)]);
        await temp.Store.SubmitReportAsync(Build.Report(1, "r1", percent: 35), null);

        var outcome = await temp.Store.ImportTasksAsync([Build.Task(1) with { Goal = "新的目标" }, Build.Task(2), Build.Task(3)]);
        Assert.Equal([3], outcome.Added);
        Assert.Equal([1], outcome.Updated);
        Assert.Equal([2], outcome.Unchanged);

        var task = (await temp.Store.GetTaskAsync(1))!;
        Assert.Equal("新的目标", task.Goal);
        Assert.Equal(35, task.PercentComplete);
        Assert.NotNull(task.LastReportAt);
        Assert.Single((await temp.Store.QueryReportsAsync(new ReportQuery { TaskNumber = 1 }, PageRequest.First)).Items);
    }

    [Fact]
    public async Task People_are_found_by_aad_id_or_upn_and_updated_not_duplicated()
    {
        await using var temp = await OpenAsync();
        var outcome = await temp.Store.UpsertPeopleAsync(SampleData.People);
        Assert.Equal(5, outcome.Added.Count);
        Assert.Equal("市水务局", (await temp.Store.FindPersonAsync("u-water", null))!.Unit);
        Assert.Equal("u-agri", (await temp.Store.FindPersonAsync(null, "AGRI@rectifybot.example"))!.AadObjectId);
        Assert.Null(await temp.Store.FindPersonAsync("nobody", null));

        var moved = await temp.Store.UpsertPeopleAsync([new Person("u-water", null, "水务局联络员", "市城建局", PersonRole.Official), SampleData.People[1]]);
        Assert.Single(moved.Updated);
        Assert.Single(moved.Unchanged);
        var water = (await temp.Store.FindPersonAsync("u-water", null))!;
        Assert.Equal("市城建局", water.Unit);
        Assert.Equal("water@rectifybot.example", water.Upn);
        Assert.Equal(5, (await temp.Store.ListPeopleAsync()).Count);
    }

    [Fact]
    public async Task Everything_survives_reopening_the_database()
    {
        await using var temp = await OpenAsync();
        await temp.Store.ImportTasksAsync([Build.Task(1)]);
        await temp.Store.SubmitReportAsync(Build.Report(1, "r1"), null);
        var etag = await temp.State.WriteStateAsync("conversation/1", "{\"step\":2}", null);

        var (reopened, reopenedState) = temp.Reopen();
        Assert.False(await reopened.IsEmptyAsync());
        Assert.NotNull(await reopened.GetReportBySourceAsync("r1"));
        var state = (await reopenedState.ReadStateAsync(["conversation/1", "missing"]))["conversation/1"];
        Assert.Equal("{\"step\":2}", state.Json);
        Assert.Equal(etag, state.ETag);
    }

    [Fact]
    public async Task Bot_state_writes_with_a_stale_etag_are_refused()
    {
        await using var temp = await OpenAsync();
        var first = await temp.State.WriteStateAsync("k", "{}", null);
        var second = await temp.State.WriteStateAsync("k", "{\"a\":1}", first);
        Assert.NotNull(second);
        Assert.Null(await temp.State.WriteStateAsync("k", "{\"a\":2}", first));
        Assert.Equal("{\"a\":1}", (await temp.State.ReadStateAsync(["k"]))["k"].Json);
        await temp.State.DeleteStateAsync(["k"]);
        Assert.Empty(await temp.State.ReadStateAsync(["k"]));
    }

    [Fact]
    public async Task Bot_state_is_read_by_key_prefix_exactly_in_one_query()
    {
        await using var temp = await OpenAsync();
        foreach (var key in new[] { "mute/2019-03/u-water/3", "mute/2019-03/a_b%c@x.cn/12", "mute/2019-04/u-water/3", "mute/2019-030/u/1", "MUTE/2019-03/u/2", "other" })
        {
            await temp.State.WriteStateAsync(key, "{}", null);
        }
        var march = await temp.State.ReadStateByPrefixAsync("mute/2019-03/");
        Assert.Equal(["mute/2019-03/a_b%c@x.cn/12", "mute/2019-03/u-water/3"], march.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await temp.State.ReadStateByPrefixAsync("mute/2019-05/"));
        Assert.Empty(await temp.State.ReadStateByPrefixAsync("mute/2019-03/a_b_"));  // _ and % are letters here, not wildcards
    }
}

public sealed class SqliteStoreTests : StoreContract
{
    protected override Task<IStoreHarness> OpenAsync() => Task.FromResult<IStoreHarness>(new SqliteHarness());

    [Fact]
    public async Task The_database_is_in_wal_mode_at_the_current_schema_version()
    {
        using var temp = new TempStore();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(8L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Bot_state_is_stamped_with_the_store_clock()
    {
        using var temp = new TempStore();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var store = new SqliteTaskStore(temp.Store.Path, temp.Matcher, clock);
        await store.WriteStateAsync("conversation/1", "{}", null);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT updated_at FROM bot_state WHERE key = 'conversation/1'";
        Assert.Equal("2019-03-10T02:00:00.0000000Z", (string?)await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sixteen_reports_on_one_task_at_once_are_each_stored_once_and_the_task_ends_consistent(bool storePerWriter)
    {
        using var temp = new TempStore();
        await temp.Store.ImportTasksAsync([Build.Task(3)]);
        var start = new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero);
        var reports = Enumerable.Range(1, 16).Select(i => Build.Report(3, $"card:{i}", percent: 20 + i, at: start.AddSeconds(i))).ToList();

        // Every report twice (a double click), all at once, on thread-pool threads: one store, or one per writer as processes would.
        var outcomes = await Task.WhenAll(reports.Concat(reports).Select(r => Task.Run(() => (storePerWriter ? temp.Reopen() : temp.Store).SubmitReportAsync(r, null))));

        Assert.Equal(16, outcomes.Count(o => o.Outcome == ReportOutcome.Stored));
        Assert.Equal(16, outcomes.Count(o => o.Outcome == ReportOutcome.Duplicate));
        var stored = await Paging.ReadAllAsync((p, ct) => temp.Store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, p, ct), default);
        Assert.Equal(reports.Select(r => r.SourceId).Order(), stored.Select(r => r.SourceId).Order());
        var task = (await temp.Reopen().GetTaskAsync(3))!;
        Assert.Equal((36, reports[^1].ReportedAt), (task.PercentComplete, task.LastReportAt));
        Assert.InRange(task.Version, 2, 17); // one step per report applied; a late one is stored but not applied
    }

    private sealed class SqliteHarness : IStoreHarness
    {
        private readonly TempStore _temp = new();

        public ITaskStore Store => _temp.Store;
        public IBotStateStore State => _temp.Store;

        public Task<TaskWrite> UpdateTaskAsync(RectificationTask task) => _temp.Store.UpdateTaskAsync(task);

        public (ITaskStore Store, IBotStateStore State) Reopen()
        {
            var reopened = _temp.Reopen();
            return (reopened, reopened);
        }

        public ValueTask DisposeAsync()
        {
            _temp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A store under test, and a way to open it again as a new process would.</summary>
public interface IStoreHarness : IAsyncDisposable
{
    ITaskStore Store { get; }
    IBotStateStore State { get; }
    (ITaskStore Store, IBotStateStore State) Reopen();

    /// <summary>A direct task edit (not on <see cref="ITaskStore"/>: the bot never makes one; each store has its own).</summary>
    Task<TaskWrite> UpdateTaskAsync(RectificationTask task);
}
