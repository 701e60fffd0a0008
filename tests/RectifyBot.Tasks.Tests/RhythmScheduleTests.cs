using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Tests;

/// <summary>The plan's rhythm from its cron expressions: on which days and hours, moved to working days, caught up once.</summary>
public class RhythmScheduleTests
{
    /// <summary>An instant given as China time.</summary>
    private static DateTimeOffset China(int year, int month, int day, int hour = 0, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    private static readonly RhythmOptions Defaults = new();

    private static IEnumerable<string> Days(IEnumerable<RhythmOccurrence> occurrences, RhythmKind kind) =>
        occurrences.Where(o => o.Kind == kind).Select(o => PlanClock.ToPlanTime(o.At).ToString("yyyy-MM-dd HH:mm"));

    [Fact]
    public void Reminders_on_a_weekend_move_to_the_working_day_before_at_the_same_hour()
    {
        // March 2019: the 10th is a Sunday, the 14th a Thursday. April 2019: the 14th is a Sunday.
        var all = new RhythmSchedule(Defaults).Between(China(2019, 3, 1), China(2019, 4, 30));
        Assert.Equal(["2019-03-08 09:00", "2019-03-14 09:00", "2019-04-10 09:00", "2019-04-12 09:00"], Days(all, RhythmKind.Reminder));
        Assert.Equal(["2019-03-16 09:00", "2019-04-16 09:00"], Days(all, RhythmKind.Escalation));
        Assert.Equal(["2019-03-16 10:00", "2019-04-16 10:00"], Days(all, RhythmKind.Digest));
        Assert.Equal(60, Days(all, RhythmKind.Countdown).Count()); // every day at 09:00 from 1 March to 29 April
    }

    [Fact]
    public void Holidays_move_reminders_further_and_make_up_working_weekends_keep_them()
    {
        var options = new RhythmOptions
        {
            Holidays = [new(2019, 9, 13)], // Mid-Autumn, a Friday: the 14th (Saturday) goes to Thursday the 12th
            WorkingWeekends = [new(2019, 12, 14)], // a make-up working Saturday: the reminder stays
        };
        var schedule = new RhythmSchedule(options);
        Assert.Equal(["2019-09-10 09:00", "2019-09-12 09:00"], Days(schedule.Between(China(2019, 9, 1), China(2019, 9, 30)), RhythmKind.Reminder));
        Assert.Equal(["2019-12-10 09:00", "2019-12-14 09:00"], Days(schedule.Between(China(2019, 12, 1), China(2019, 12, 31)), RhythmKind.Reminder));
    }

    [Fact]
    public void A_reminder_moved_into_a_window_from_a_day_after_it_is_found()
    {
        // The 14th of April 2019 (Sunday) is due on Friday the 12th: a window ending on the 13th holds it.
        Assert.Equal(["2019-04-12 09:00"], Days(new RhythmSchedule(Defaults).Between(China(2019, 4, 11), China(2019, 4, 13)), RhythmKind.Reminder));
    }

    [Fact]
    public void After_a_gap_each_kind_is_caught_up_once_and_reminders_past_the_15th_are_dropped()
    {
        var schedule = new RhythmSchedule(Defaults);
        // Down from the 9th to the 14th at noon: both reminders (8th is before the gap; 14th at 09:00 missed) → the latest once.
        var due = schedule.Due(China(2019, 3, 9, 12), China(2019, 3, 14, 12));
        Assert.Equal(["2019-03-14 09:00"], Days(due, RhythmKind.Reminder));
        Assert.Equal(["2019-03-14 09:00"], Days(due, RhythmKind.Countdown)); // five missed daily checks: once

        // Down until the 17th: the reminders are no use any more, the escalation and the digest are sent once.
        var late = schedule.Due(China(2019, 3, 9, 12), China(2019, 3, 17, 8));
        Assert.Empty(Days(late, RhythmKind.Reminder));
        Assert.Equal(["2019-03-16 09:00"], Days(late, RhythmKind.Escalation));
        Assert.Equal(["2019-03-16 10:00"], Days(late, RhythmKind.Digest));

        // A tick a minute after the last: nothing.
        Assert.Empty(schedule.Due(China(2019, 3, 14, 9, 0), China(2019, 3, 14, 9, 1)));
    }

    [Fact]
    public void A_schedule_that_is_not_a_cron_expression_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new RhythmSchedule(new RhythmOptions { Digest = "every 16th" }));
        Assert.Contains("Supervision:Digest", e.Message);
    }
}
