using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests;

/// <summary>Signed-off tasks in the quarter's filing: counted as done, with who and when, but only if signed off within the quarter.</summary>
public sealed class QuarterSignOffTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static SignOffDecision Decision(int task, DateTimeOffset at) => new()
    {
        Id = $"d{task}", TaskNumber = task, Verdict = SignOffVerdict.SignedOff, DeciderId = "u-li", DeciderName = "李华", At = at, TaskVersion = 2, SourceId = $"s{task}",
    };

    [Fact]
    public void A_task_signed_off_in_the_quarter_counts_as_done_with_who_and_when_and_one_signed_off_after_it_awaited_sign_off_then()
    {
        var q1 = new Quarter(2019, 1);
        var done = new DateTimeOffset(2019, 3, 10, 9, 0, 0, China);
        var inTime = Build.Task(2) with { Status = RectificationStatus.SignedOff, PercentComplete = 100, LastReportAt = done };
        var late = Build.Task(3) with { Status = RectificationStatus.SignedOff, PercentComplete = 100, LastReportAt = done };
        var reports = new[]
        {
            Build.Report(2, "a", percent: 100, at: done, status: RectificationStatus.Completed),
            Build.Report(3, "b", percent: 100, at: done, status: RectificationStatus.Completed),
        };
        var decisions = new Dictionary<int, SignOffDecision>
        {
            [2] = Decision(2, new DateTimeOffset(2019, 3, 20, 10, 5, 0, China)),
            [3] = Decision(3, new DateTimeOffset(2019, 4, 2, 10, 0, 0, China)),
        };

        var report = QuarterReport.Build(q1, q1.LastDay, [inTime, late], reports, ["市水务局"], new UnitMatcher(), decisions);

        Assert.Equal(2, report.Finished);
        Assert.Equal(RectificationStatus.SignedOff, report.Tasks[0].Standing.Status);
        Assert.Equal(RectificationStatus.Completed, report.Tasks[1].Standing.Status); // signed off in April: awaiting sign-off at the end of March
        Assert.Equal([2], report.SignedOff.Keys);
        Assert.Equal("李华", report.SignedOff[2].DeciderName);
    }
}
