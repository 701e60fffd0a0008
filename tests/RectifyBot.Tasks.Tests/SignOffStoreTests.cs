using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Tests.Graph;

namespace RectifyBot.Tasks.Tests;

/// <summary>What every store must do with sign-off decisions, run against each: decided once, by one leader, only on a completed task.</summary>
public abstract class SignOffStoreContract
{
    private static readonly DateTimeOffset ReportedAt = new(2019, 3, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DecidedAt = new(2019, 3, 20, 2, 5, 0, TimeSpan.Zero);

    /// <summary>An empty store (tasks and sign-offs), a factory for another instance on it (another host), and its cleanup.</summary>
    protected abstract Task<(ITaskStore Tasks, ISignOffStore SignOffs, Func<ISignOffStore> Another, IAsyncDisposable Cleanup)> OpenAsync();

    private static SignOffDecision Decision(RectificationTask task, string source, SignOffVerdict verdict = SignOffVerdict.SignedOff, string leader = "李华", string reason = "") => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        TaskNumber = task.Number,
        Verdict = verdict,
        DeciderId = $"aad-{leader}",
        DeciderName = leader,
        At = DecidedAt,
        Reason = reason,
        ReportId = "report-1",
        TaskVersion = task.Version,
        SourceId = source,
    };

    private static async Task<RectificationTask> CompletedAsync(ITaskStore store, int number, string source = "report-done")
    {
        await store.ImportTasksAsync([Build.Task(number)]);
        var stored = await store.SubmitReportAsync(Build.Report(number, source, percent: 100, at: ReportedAt, status: RectificationStatus.Completed), null);
        Assert.Equal(ReportOutcome.Stored, stored.Outcome);
        return (await store.GetTaskAsync(number))!;
    }

    [Fact]
    public async Task A_completed_task_is_signed_off_once_with_who_and_when_and_a_second_leader_is_told_by_whom()
    {
        var (tasks, signOffs, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var task = await CompletedAsync(tasks, 3);

        var decided = await signOffs.DecideAsync(Decision(task, "card-li"));

        Assert.Equal(SignOffOutcome.Decided, decided.Outcome);
        Assert.Equal((RectificationStatus.SignedOff, task.Version + 1), (decided.Task!.Status, decided.Task.Version));
        var now = (await tasks.GetTaskAsync(3))!;
        Assert.Equal((RectificationStatus.SignedOff, 100), (now.Status, now.PercentComplete));
        Assert.False(RectificationRules.IsOpen(now));

        var late = await another().DecideAsync(Decision(task, "card-wang", SignOffVerdict.SentBack, "王强", "照片不清"));
        Assert.Equal(SignOffOutcome.NotAwaiting, late.Outcome);
        Assert.Equal(("李华", DecidedAt, SignOffVerdict.SignedOff), (late.Decision!.DeciderName, late.Decision.At, late.Decision.Verdict));
        Assert.Equal(RectificationStatus.SignedOff, late.Task!.Status);

        var all = await another().QuerySignOffsAsync(3);
        var only = Assert.Single(all);
        Assert.Equal(("aad-李华", "report-1", task.Version, "card-li"), (only.DeciderId, only.ReportId, only.TaskVersion, only.SourceId));
        Assert.Equal("李华", (await signOffs.SignedOffByAsync(now))!.DeciderName);
    }

    [Fact]
    public async Task A_task_sent_back_is_in_progress_with_the_reason_and_awaits_sign_off_again_once_reported_done()
    {
        var (tasks, signOffs, _, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        var task = await CompletedAsync(tasks, 4);

        var back = await signOffs.DecideAsync(Decision(task, "card-back", SignOffVerdict.SentBack, reason: "缺少验收报告"));

        Assert.Equal(SignOffOutcome.Decided, back.Outcome);
        var now = (await tasks.GetTaskAsync(4))!;
        Assert.Equal(RectificationStatus.InProgress, now.Status);
        Assert.True(RectificationRules.IsOpen(now));
        Assert.Equal("缺少验收报告", Assert.Single(await signOffs.QuerySignOffsAsync(4)).Reason);

        await tasks.SubmitReportAsync(Build.Report(4, "report-again", percent: 100, at: ReportedAt.AddDays(2), status: RectificationStatus.Completed), null);
        var again = (await tasks.GetTaskAsync(4))!;
        Assert.Equal(SignOffOutcome.Decided, (await signOffs.DecideAsync(Decision(again, "card-ok"))).Outcome);
        Assert.Equal([SignOffVerdict.SentBack, SignOffVerdict.SignedOff], (await signOffs.QuerySignOffsAsync(4)).Select(d => d.Verdict));
        Assert.Null(await signOffs.SignedOffByAsync(now)); // as it was then: in progress
    }

    [Fact]
    public async Task Of_leaders_deciding_at_once_one_wins_and_the_others_are_refused_naming_the_winner()
    {
        var (tasks, _, another, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        var task = await CompletedAsync(tasks, 5);
        var hosts = Enumerable.Range(0, 6).Select(_ => another()).ToList();

        var results = await Task.WhenAll(hosts.Select((h, i) => Task.Run(() => h.DecideAsync(
            Decision(task, $"card-{i}", i % 2 == 0 ? SignOffVerdict.SignedOff : SignOffVerdict.SentBack, $"领导{i}", "退回理由")))));

        var winner = Assert.Single(results, r => r.Outcome == SignOffOutcome.Decided);
        Assert.All(results.Where(r => r != winner), r =>
        {
            Assert.Equal(SignOffOutcome.NotAwaiting, r.Outcome);
            Assert.Equal(winner.Decision!.Id, r.Decision!.Id);
        });
        Assert.Equal(winner.Decision!.Id, Assert.Single(await another().QuerySignOffsAsync(5)).Id);
        Assert.All(results, r => Assert.Equal((winner.Decision.Result, task.Version + 1), (r.Task!.Status, r.Task.Version)));
    }

    [Fact]
    public async Task The_same_source_decides_once_and_the_same_decision_sent_again_is_answered_decided()
    {
        var (tasks, signOffs, another, cleanup) = await OpenAsync();
        await using var _ = cleanup;
        var task = await CompletedAsync(tasks, 6);
        var decision = Decision(task, "card-twice");

        Assert.Equal(SignOffOutcome.Decided, (await signOffs.DecideAsync(decision)).Outcome);
        var resent = await another().DecideAsync(decision);
        Assert.Equal((SignOffOutcome.Decided, decision.Id), (resent.Outcome, resent.Decision!.Id));
        var pressedAgain = await another().DecideAsync(Decision(task, "card-twice", SignOffVerdict.SentBack, reason: "又按了一次"));
        Assert.Equal((SignOffOutcome.Duplicate, decision.Id), (pressedAgain.Outcome, pressedAgain.Decision!.Id));

        Assert.Single(await signOffs.QuerySignOffsAsync(6));
        Assert.Equal(RectificationStatus.SignedOff, (await tasks.GetTaskAsync(6))!.Status);
    }

    [Fact]
    public async Task A_task_not_completed_or_changed_since_seen_or_missing_is_refused_and_nothing_is_written()
    {
        var (tasks, signOffs, _, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        await tasks.ImportTasksAsync([Build.Task(7)]);
        await tasks.SubmitReportAsync(Build.Report(7, "report-60", percent: 60, at: ReportedAt), null);
        var inProgress = (await tasks.GetTaskAsync(7))!;

        var refused = await signOffs.DecideAsync(Decision(inProgress, "card-early"));
        Assert.Equal((SignOffOutcome.NotAwaiting, RectificationStatus.InProgress), (refused.Outcome, refused.Task!.Status));
        Assert.Null(refused.Decision);

        await tasks.SubmitReportAsync(Build.Report(7, "report-100", percent: 100, at: ReportedAt.AddDays(1), status: RectificationStatus.Completed), null);
        var seen = (await tasks.GetTaskAsync(7))!;
        await tasks.SubmitReportAsync(Build.Report(7, "report-100b", percent: 100, at: ReportedAt.AddDays(2), status: RectificationStatus.Completed), null);
        var stale = await signOffs.DecideAsync(Decision(seen, "card-stale"));
        Assert.Equal(SignOffOutcome.Stale, stale.Outcome);
        Assert.Equal(seen.Version + 1, stale.Task!.Version);

        Assert.Equal(SignOffOutcome.TaskNotFound, (await signOffs.DecideAsync(Decision(Build.Task(99) with { Version = 1 }, "card-none"))).Outcome);
        Assert.Empty(await signOffs.QuerySignOffsAsync(7));
        Assert.Equal(RectificationStatus.Completed, (await tasks.GetTaskAsync(7))!.Status);
    }

    [Fact]
    public async Task A_signed_off_task_leaves_the_open_and_overdue_lists_and_a_later_report_does_not_reopen_it()
    {
        var (tasks, signOffs, _, cleanup) = await OpenAsync();
        await using var __ = cleanup;
        var task = await CompletedAsync(tasks, 8);
        await tasks.ImportTasksAsync([Build.Task(9)]);
        await signOffs.DecideAsync(Decision(task, "card-8"));

        await tasks.SubmitReportAsync(Build.Report(8, "report-after", percent: 80, at: ReportedAt.AddDays(20)), null);

        var now = (await tasks.GetTaskAsync(8))!;
        Assert.Equal((RectificationStatus.SignedOff, 100), (now.Status, now.PercentComplete));
        var open = await tasks.QueryTasksAsync(new TaskQuery { OpenOnly = true }, PageRequest.First);
        Assert.Equal([9], open.Items.Select(t => t.Number));
        var overdue = await tasks.QueryTasksAsync(new TaskQuery { OverdueAsOf = new DateOnly(2019, 12, 31) }, PageRequest.First);
        Assert.Equal([9], overdue.Items.Select(t => t.Number));
    }
}

public sealed class SqliteSignOffStoreTests : SignOffStoreContract
{
    protected override Task<(ITaskStore Tasks, ISignOffStore SignOffs, Func<ISignOffStore> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var temp = new TempStore();
        return Task.FromResult<(ITaskStore, ISignOffStore, Func<ISignOffStore>, IAsyncDisposable)>((temp.Store, temp.Store, () => temp.Reopen(), new Disposer(temp)));
    }

    [Fact]
    public async Task A_send_back_without_a_reason_is_refused_by_the_table_itself()
    {
        using var temp = new TempStore();
        await temp.Store.ImportTasksAsync([Build.Task(1)]);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Store.Path}");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO signoffs (id, task_number, verdict, decider_id, decider_name, decided_at, reason, report_id, task_version, source_id) VALUES ('x', 1, 'SentBack', 'a', 'b', '2019-03-20', '  ', '', 1, 's')";
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => insert.ExecuteNonQuery());
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

public sealed class GraphSignOffStoreTests : SignOffStoreContract
{
    private const string List = "RectifySignOffs";

    protected override async Task<(ITaskStore Tasks, ISignOffStore SignOffs, Func<ISignOffStore> Another, IAsyncDisposable Cleanup)> OpenAsync()
    {
        var harness = await GraphHarness.StartAsync();
        return (harness.Store, harness.Inner, () => harness.AnotherInner(), harness);
    }

    [Fact]
    public async Task A_decision_recorded_whose_task_update_failed_is_completed_by_the_retry()
    {
        await using var harness = await GraphHarness.StartAsync(o => o.MaxRetries = 0);
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        await harness.Store.SubmitReportAsync(Build.Report(3, "report-done", percent: 100, status: RectificationStatus.Completed), null);
        var task = (await harness.Inner.GetTaskAsync(3))!;
        var decision = new SignOffDecision
        {
            Id = "decision-1", TaskNumber = 3, Verdict = SignOffVerdict.SignedOff, DeciderId = "aad-li", DeciderName = "李华",
            At = harness.Time.GetUtcNow(), TaskVersion = task.Version, SourceId = "card-li",
        };
        harness.Graph.FailAfterApplying(List); // the decision item lands, its answer is lost (503, not retried): the task is not reached
        await Assert.ThrowsAnyAsync<Exception>(() => harness.AnotherInner().DecideAsync(decision));
        Assert.Single(harness.Graph.ListsByName[List].Items.Values);
        Assert.Equal(RectificationStatus.Completed, (await harness.AnotherInner().GetTaskAsync(3))!.Status);

        var retried = await harness.AnotherInner().DecideAsync(decision);

        Assert.Equal(SignOffOutcome.Decided, retried.Outcome);
        Assert.Equal(RectificationStatus.SignedOff, (await harness.AnotherInner().GetTaskAsync(3))!.Status);
        Assert.Single(harness.Graph.ListsByName[List].Items.Values);
    }

    [Fact]
    public async Task The_sign_off_list_is_provisioned_with_its_unique_keys()
    {
        await using var harness = await GraphHarness.StartAsync();
        var columns = harness.Graph.ListsByName[List].Columns;
        Assert.True((bool)columns["SourceId"]["enforceUniqueValues"]!);
        Assert.True((bool)columns["VersionKey"]["enforceUniqueValues"]!);
        Assert.True((bool)columns["TaskNumber"]["indexed"]!);
    }
}
