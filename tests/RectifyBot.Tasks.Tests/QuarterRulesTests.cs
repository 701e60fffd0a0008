using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests;

/// <summary>Quarters as written, a task's standing at a quarter's end, and the monthly reports it misses.</summary>
public sealed class QuarterRulesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("2019Q1", 2019, 1)]
    [InlineData("2019-Q1", 2019, 1)]
    [InlineData("2019q4", 2019, 4)]
    [InlineData("2019 Q2", 2019, 2)]
    [InlineData("Q1 2019", 2019, 1)]
    [InlineData("Q3-2020", 2020, 3)]
    [InlineData("2019年一季度", 2019, 1)]
    [InlineData("2019年第二季度", 2019, 2)]
    [InlineData("2019年3季度", 2019, 3)]
    [InlineData(" 2019Q1 ", 2019, 1)]
    public void A_quarter_is_read_as_people_write_it(string text, int year, int number)
    {
        Assert.True(Quarter.TryParse(text, out var quarter));
        Assert.Equal(new Quarter(year, number), quarter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2019Q5")]
    [InlineData("2019Q0")]
    [InlineData("2019-03")]
    [InlineData("Q1")]
    [InlineData("19Q1")]
    [InlineData("2019年五季度")]
    public void Anything_else_is_not_a_quarter(string text) => Assert.False(Quarter.TryParse(text, out _));

    [Fact]
    public void A_quarter_has_its_months_and_days()
    {
        var q = new Quarter(2019, 4);
        Assert.Equal("2019Q4", q.ToString());
        Assert.Equal(["2019-10", "2019-11", "2019-12"], q.Months.Select(m => m.ToString()));
        Assert.Equal(new DateOnly(2019, 10, 1), q.FirstDay);
        Assert.Equal(new DateOnly(2019, 12, 31), q.LastDay);
        Assert.Equal(new Quarter(2019, 1), Quarter.Of(new DateOnly(2019, 3, 31)));
    }

    [Fact]
    public void The_end_of_a_plan_date_is_midnight_china_time()
    {
        Assert.Equal(new DateTimeOffset(2019, 3, 31, 16, 0, 0, TimeSpan.Zero), QuarterRules.EndOf(new DateOnly(2019, 3, 31)));
    }

    [Fact]
    public void A_task_stands_at_the_quarters_end_as_its_last_report_by_then_says_unless_nothing_came_after()
    {
        var march = Build.Report(3, "a", percent: 40, at: new DateTimeOffset(2019, 3, 31, 23, 30, 0, China));
        var april = Build.Report(3, "b", percent: 20, at: new DateTimeOffset(2019, 4, 1, 0, 0, 0, China), status: RectificationStatus.Lagging) with { Period = "2019-04" };
        var end = QuarterRules.EndOf(new DateOnly(2019, 3, 31));

        // A later report: the task's current progress is April's; at the end of March it was March's.
        var now = Build.Task(3) with { Status = RectificationStatus.Lagging, PercentComplete = 20, LastReportAt = april.ReportedAt };
        var standing = QuarterRules.StandingAt(now, [march, april], end);
        Assert.Equal((RectificationStatus.InProgress, 40, march), (standing.Status, standing.PercentComplete, standing.LastReport));

        // Nothing after: the task's own status, which keeps a sign-off that no report carries.
        var signedOff = Build.Task(3) with { Status = RectificationStatus.SignedOff, PercentComplete = 100, LastReportAt = march.ReportedAt };
        Assert.Equal(RectificationStatus.SignedOff, QuarterRules.StandingAt(signedOff, [march], end).Status);

        // Reports only after: not started then.
        var onlyApril = QuarterRules.StandingAt(now, [april], end);
        Assert.Equal((RectificationStatus.NotStarted, 0, (ProgressReport?)null), (onlyApril.Status, onlyApril.PercentComplete, onlyApril.LastReport));
    }

    [Fact]
    public void Months_missing_are_the_months_due_by_the_as_of_date_while_the_task_was_open_without_a_report()
    {
        var q1 = new Quarter(2019, 1);
        var task = Build.Task(3, deadline: "2020-12-31");
        var january = Build.Report(3, "a", at: new DateTimeOffset(2019, 1, 10, 10, 0, 0, China)) with { Period = "2019-01" };
        Assert.Equal(["2019-02", "2019-03"], QuarterRules.MonthsMissing(task, [january], q1, new DateOnly(2019, 3, 31)).Select(m => m.ToString()));
        // On 14 February, February's report is not due yet.
        Assert.Empty(QuarterRules.MonthsMissing(task, [january], q1, new DateOnly(2019, 2, 14)));
        Assert.Equal(["2019-02"], QuarterRules.MonthsMissing(task, [january], q1, new DateOnly(2019, 2, 15)).Select(m => m.ToString()));

        // Completed in January's report: nothing is owed after.
        var done = january with { Status = RectificationStatus.Completed, PercentComplete = 100 };
        var completed = task with { Status = RectificationStatus.Completed, PercentComplete = 100, LastReportAt = done.ReportedAt };
        Assert.Empty(QuarterRules.MonthsMissing(completed, [done], q1, new DateOnly(2019, 3, 31)));
    }

    [Fact]
    public void The_summary_counts_the_tasks_at_the_quarters_end()
    {
        var q1 = new Quarter(2019, 1);
        var overdue = Build.Task(1, deadline: "2018-12-31");
        var later = Build.Task(2, deadline: "2020-12-31") with { Status = RectificationStatus.Completed, PercentComplete = 100, LastReportAt = new DateTimeOffset(2019, 4, 5, 9, 0, 0, China) };
        var april = Build.Report(2, "x", percent: 100, at: later.LastReportAt, status: RectificationStatus.Completed) with { Period = "2019-04" };
        var march = Build.Report(2, "y", percent: 60, at: new DateTimeOffset(2019, 3, 10, 9, 0, 0, China));

        var report = QuarterReport.Build(q1, q1.LastDay, [later, overdue], [april, march], ["市水务局"], new UnitMatcher());

        Assert.Equal([1, 2], report.Tasks.Select(t => t.Task.Number));
        Assert.Equal([march], report.Reports);
        Assert.Equal(0, report.Finished); // completed only in April
        Assert.Equal(1, report.CountWithStatus(RectificationStatus.InProgress));
        Assert.Equal(1, report.CountWithStatus(RectificationStatus.NotStarted));
        Assert.Equal(1, report.Overdue);
        Assert.Equal(["市水务局"], report.UnitsMissingAMonth);
    }
}
