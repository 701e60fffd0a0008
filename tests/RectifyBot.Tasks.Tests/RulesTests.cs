using Microsoft.Extensions.Time.Testing;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Tests;

public class RulesTests
{
    private static readonly DateOnly Today = new(2019, 3, 10);

    [Fact]
    public void Overdue_means_deadline_passed_and_not_finished()
    {
        var task = Build.Task(1, deadline: "2018-12-31");
        Assert.True(RectificationRules.IsOverdue(task, Today));
        Assert.Equal(69, RectificationRules.DaysOverdue(task, Today));
        Assert.False(RectificationRules.IsOverdue(task with { Status = RectificationStatus.Completed }, Today));
        Assert.False(RectificationRules.IsOverdue(task with { Status = RectificationStatus.SignedOff }, Today));
        Assert.False(RectificationRules.IsOverdue(task, new DateOnly(2018, 12, 31)));
        Assert.True(RectificationRules.IsOverdue(task with { Status = RectificationStatus.Lagging }, new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void Countdown_and_months()
    {
        var task = Build.Task(1, deadline: "2019-03-31");
        Assert.Equal(21, RectificationRules.DaysLeft(task, Today));
        Assert.Equal(0, RectificationRules.DaysLeft(task, new DateOnly(2019, 3, 31)));
        Assert.Equal(-1, RectificationRules.DaysLeft(task, new DateOnly(2019, 4, 1)));
        Assert.Null(RectificationRules.DaysLeft(task with { Deadline = new Deadline(null, "长期坚持", DeadlineKind.LongTerm) }, Today));
        Assert.True(RectificationRules.IsDueInMonth(task, new YearMonth(2019, 3)));
        Assert.False(RectificationRules.IsDueInMonth(task, new YearMonth(2019, 4)));
        Assert.Equal(new DateOnly(2019, 3, 15), RectificationRules.ReportDueDate(YearMonth.Of(Today)));
    }

    [Theory]
    [InlineData("2019-01-01", 1)]
    [InlineData("2019-03-31", 1)]
    [InlineData("2019-04-01", 2)]
    [InlineData("2019-09-30", 3)]
    [InlineData("2019-12-31", 4)]
    public void Quarter_of_a_date(string date, int quarter) => Assert.Equal(quarter, RectificationRules.QuarterOf(DateOnly.Parse(date)));

    [Fact]
    public void A_long_term_task_stays_open_after_completion()
    {
        var longTerm = Build.Task(1) with { Deadline = new Deadline(null, "长期坚持", DeadlineKind.LongTerm), Status = RectificationStatus.Completed };
        Assert.True(RectificationRules.IsOpen(longTerm));
        Assert.False(RectificationRules.IsOpen(longTerm with { Status = RectificationStatus.SignedOff }));
        Assert.False(RectificationRules.IsOpen(Build.Task(2) with { Status = RectificationStatus.Completed }));
    }

    [Fact]
    public void A_unit_owes_one_report_a_month_for_each_open_task_it_leads_or_is_responsible_for()
    {
        var matcher = new Units.UnitMatcher();
        var tasks = new[]
        {
            Build.Task(1, lead: "市委办公厅", responsible: "市水务局,各区党委(工委) 、政府(管委会)"),
            Build.Task(2, responsible: "市农业农村局"),
            Build.Task(3, responsible: "市水务局、市城建局，江岸、硚口、青山区党委、政府"),
            Build.Task(4, responsible: "市水务局") with { Status = RectificationStatus.SignedOff },
        };
        var filed = Build.Report(3, "s1", unit: "市水务局");
        var oldMonth = Build.Report(1, "s0", unit: "市水务局") with { Period = "2019-02" };

        var owed = RectificationRules.ReportsOwed(tasks, "市水务局", new YearMonth(2019, 3), [filed, oldMonth], matcher);
        Assert.Equal([1, 3], owed.Select(o => o.Task.Number));
        Assert.False(owed[0].IsFiled);
        Assert.Equal(filed, owed[1].Filed);
        Assert.Equal(5, owed[0].DaysUntilDue(Today));

        var district = RectificationRules.ReportsOwed(tasks, "江岸区政府", new YearMonth(2019, 3), [], matcher);
        Assert.Equal([1, 3], district.Select(o => o.Task.Number));
        Assert.All(district, o => Assert.Equal(UnitRole.Responsible, o.Role));
        Assert.Equal(UnitRole.Lead, matcher.RoleOf(tasks[0], "市委办公厅"));
    }

    [Fact]
    public void Today_comes_from_the_time_provider_in_China_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2019, 3, 9, 17, 0, 0, TimeSpan.Zero)); // 01:00 on the 10th in Shanghai
        Assert.Equal(new DateOnly(2019, 3, 10), PlanClock.Today(clock));
        var pinned = new PinnedDateTimeProvider(new DateOnly(2019, 3, 10), clock);
        Assert.Equal(new DateOnly(2019, 3, 10), PlanClock.Today(pinned));
        clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(new DateOnly(2019, 3, 10), PlanClock.Today(pinned));
    }

    [Fact]
    public void A_pinned_days_times_start_that_morning_and_run_on_not_the_wall_clocks_time_of_day()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 17, 37, 0, TimeSpan.Zero)); // 01:37 in Shanghai
        var pinned = new PinnedDateTimeProvider(new DateOnly(2019, 3, 10), clock);
        Assert.Equal(new DateTimeOffset(2019, 3, 10, 9, 0, 0, TimeSpan.FromHours(8)), pinned.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new DateTimeOffset(2019, 3, 10, 9, 5, 0, TimeSpan.FromHours(8)), pinned.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new DateOnly(2019, 3, 10), PlanClock.ToPlanDate(pinned.GetUtcNow()));
    }
}
