using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using Xunit.Abstractions;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The Graph store (wrapped by the outbox, as the host runs it) when Graph stalls, refuses, throttles or loses answers.</summary>
public sealed class GraphFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2019, 3, 10, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_report_whose_write_outlasts_the_client_timeout_is_queued_and_lands_once_later()
    {
        await using var harness = await GraphHarness.StartAsync(o => o.RequestTimeoutSeconds = 1);
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.StallCreates = ("RectifyReports", TimeSpan.FromSeconds(5));

        var submission = await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), null);

        Assert.Equal(ReportOutcome.Queued, submission.Outcome);
        Assert.Equal("card:1", Assert.Single(await harness.Outbox.PendingAsync()).Report.SourceId);
        harness.Graph.StallCreates = null;
        Assert.Equal(1, await harness.Drainer().DrainAsync(default));
        Assert.Single(harness.Graph.ListsByName["RectifyReports"].Items);
        Assert.Equal(60, (await harness.Reopen().Store.GetTaskAsync(3))!.PercentComplete);
    }

    [Fact]
    public async Task A_report_graph_refuses_is_kept_as_failed_and_the_reports_behind_it_still_land()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.FaultRate = 1;
        foreach (var i in new[] { 1, 2, 3 })
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1)); // queued in this order
            Assert.Equal(ReportOutcome.Queued, (await harness.Store.SubmitReportAsync(Build.Report(3, $"card:{i}", percent: 10 * i, at: Start.AddMinutes(i)), null)).Outcome);
        }
        harness.Graph.FaultRate = 0;
        harness.Graph.RefuseReport = fields => (string?)fields["SourceId"] == "card:1";

        Assert.Equal(2, await harness.Drainer().DrainAsync(default));

        Assert.Equal(["card:2", "card:3"], harness.Graph.ListsByName["RectifyReports"].Items.Values.Select(i => (string)i.Fields["SourceId"]!).Order());
        Assert.Empty(await harness.Outbox.PendingAsync());
        var failed = Assert.Single(await harness.Outbox.FailedAsync());
        Assert.Equal("card:1", failed.Report.SourceId);
        Assert.Contains("this report is refused", failed.LastError);
        Assert.Null(await harness.Store.GetReportBySourceAsync("card:1")); // never saved: not answered as saved
        Assert.Equal(0, await harness.Drainer().DrainAsync(default)); // never retried, never lost
        Assert.Single(await harness.Outbox.FailedAsync());
        Assert.Equal(30, (await harness.Reopen().Store.GetTaskAsync(3))!.PercentComplete);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Eight_officials_reporting_on_one_task_at_once_are_all_stored_once_and_the_task_shows_the_newest(int seed)
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.Seed(seed);
        (harness.Graph.ThrottleRate, harness.Graph.UnavailableRate, harness.Graph.AppliedThenFailedRate) = (0.15, 0.05, 0.05);
        var reports = Enumerable.Range(1, 8).Select(i => Build.Report(3, $"card:{i}", percent: 10 + i, at: Start.AddSeconds(i))).ToList();

        var outcomes = await Task.WhenAll(reports.Select(r => harness.Another().SubmitReportAsync(r, null)));

        output.WriteLine($"seed {seed}: {string.Join(", ", outcomes.Select(o => o.Outcome + (o.TaskUpdatePending ? " (task pending)" : "")))}");
        Assert.All(outcomes, o => Assert.Contains(o.Outcome, new[] { ReportOutcome.Stored, ReportOutcome.Queued }));
        var storedNow = StoredSources(harness);
        Assert.All(outcomes.Where(o => o.Outcome == ReportOutcome.Stored), o => Assert.Contains(o.Report!.SourceId, storedNow));

        harness.Graph.Seed(seed);
        (harness.Graph.ThrottleRate, harness.Graph.UnavailableRate, harness.Graph.AppliedThenFailedRate) = (0, 0, 0);
        await harness.Drainer().DrainAsync(default);

        Assert.Equal(reports.Select(r => r.SourceId).Order(), StoredSources(harness).Order());
        Assert.Empty(await harness.Outbox.PendingAsync());
        var task = (await harness.Reopen().Store.GetTaskAsync(3))!;
        Assert.Equal((18, reports[^1].ReportedAt), (task.PercentComplete, task.LastReportAt));
    }

    [Fact]
    public async Task A_report_whose_create_landed_but_whose_answer_was_lost_is_stored_not_a_duplicate()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.FailAfterApplying("RectifyReports");

        var submission = await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), null);

        Assert.Equal(ReportOutcome.Stored, submission.Outcome);
        Assert.Contains(harness.Graph.Requests, r => r.Method == "POST" && r.Status == 409); // the SDK sent it again
        Assert.Single(harness.Graph.ListsByName["RectifyReports"].Items);
        Assert.Equal(60, submission.Task!.PercentComplete);
        var repeat = await harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 70), null);
        Assert.Equal(ReportOutcome.Duplicate, repeat.Outcome);
        Assert.Equal(60, repeat.Report!.PercentComplete);
    }

    [Fact]
    public async Task A_report_whose_task_keeps_changing_is_stored_and_its_task_is_repaired_from_the_outbox()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(3)]);
        harness.Graph.TaskWritesConflict = true;

        var submitting = harness.Store.SubmitReportAsync(Build.Report(3, "card:1", percent: 60), null);
        while (!harness.Graph.Requests.Any(r => r.Status == 412) && !submitting.IsCompleted)
        {
            await Task.Delay(10);
        }
        harness.Time.Advance(TimeSpan.FromSeconds(31)); // past ApplyBudgetSeconds
        var submission = await submitting;

        Assert.Equal(ReportOutcome.Stored, submission.Outcome);
        Assert.True(submission.TaskUpdatePending);
        Assert.Single(harness.Graph.ListsByName["RectifyReports"].Items);
        Assert.Equal("card:1", Assert.Single(await harness.Outbox.PendingAsync()).Report.SourceId);
        Assert.Equal(0, (await harness.Reopen().Store.GetTaskAsync(3))!.PercentComplete);

        harness.Graph.TaskWritesConflict = false;
        Assert.Equal(1, await harness.Drainer().DrainAsync(default));
        Assert.Equal(60, (await harness.Reopen().Store.GetTaskAsync(3))!.PercentComplete);
        Assert.Single(harness.Graph.ListsByName["RectifyReports"].Items);
        Assert.Empty(await harness.Outbox.PendingAsync());
    }

    [Fact]
    public async Task An_import_whose_create_landed_but_whose_answer_was_lost_counts_the_task_as_added()
    {
        await using var harness = await GraphHarness.StartAsync();
        await harness.Store.ImportTasksAsync([Build.Task(1)]);
        harness.Graph.FailAfterApplying("RectifyTasks");

        var outcome = await harness.Store.ImportTasksAsync([Build.Task(1), Build.Task(2), Build.Task(3)]);

        Assert.Equal([2, 3], outcome.Added);
        Assert.Empty(outcome.Updated);
        Assert.Equal([1], outcome.Unchanged);
        Assert.Contains(harness.Graph.Requests, r => r.Method == "POST" && r.Status == 409);
        Assert.Equal([1, 2, 3], (await harness.Reopen().Store.QueryTasksAsync(TaskQuery.All, PageRequest.First)).Items.Select(t => t.Number));
    }

    [Fact]
    public async Task An_import_that_meets_a_different_task_created_meanwhile_updates_it_as_an_existing_one()
    {
        await using var harness = await GraphHarness.StartAsync();
        harness.Graph.BeforeCreate = (list, fields) =>
        {
            if (list == "RectifyTasks" && (int?)fields["Number"] == 2)
            {
                harness.Graph.BeforeCreate = null;
                harness.Graph.AddItem("RectifyTasks", new() { ["Title"] = "2", ["Number"] = 2, ["Goal"] = "别人写的目标", ["Status"] = "Lagging", ["PercentComplete"] = 40, ["Version"] = 3 });
            }
        };

        var outcome = await harness.Store.ImportTasksAsync([Build.Task(1), Build.Task(2)]);

        Assert.Equal([1], outcome.Added);
        Assert.Equal([2], outcome.Updated);
        var task = (await harness.Reopen().Store.GetTaskAsync(2))!;
        Assert.True(task.HasSamePlanAs(Build.Task(2)));
        Assert.Equal((RectificationStatus.Lagging, 40), (task.Status, task.PercentComplete)); // its progress is kept
        Assert.Single(harness.Graph.ListsByName["RectifyTasks"].Items.Values, i => (double)i.Fields["Number"]! == 2);
    }

    [Fact]
    public async Task A_bot_state_write_whose_answer_was_lost_succeeded_and_a_real_conflict_is_still_refused()
    {
        await using var harness = await GraphHarness.StartAsync();
        harness.Graph.FailAfterApplying("RectifyBotState");
        var created = await harness.State.WriteStateAsync("conversation/1", "{\"step\":1}", null);
        Assert.NotNull(created);
        harness.Graph.FailAfterApplying("RectifyBotState");
        var updated = await harness.State.WriteStateAsync("conversation/1", "{\"step\":2}", created);
        Assert.NotNull(updated);
        Assert.Equal(2, harness.Graph.Requests.Count(r => r.Status == 503));

        Assert.Equal(new StoredState("{\"step\":2}", updated!), (await harness.Reopen().State.ReadStateAsync(["conversation/1"]))["conversation/1"]);
        Assert.Null(await harness.Reopen().State.WriteStateAsync("conversation/1", "{\"step\":3}", created)); // stale eTag
        Assert.Single(harness.Graph.ListsByName["RectifyBotState"].Items);
    }

    private static List<string> StoredSources(GraphHarness harness) =>
        [.. harness.Graph.ListsByName["RectifyReports"].Items.Values.Select(i => (string)i.Fields["SourceId"]!)];
}
