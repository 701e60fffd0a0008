using Cronos;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Rhythm;

/// <summary>What the rhythm does at an occurrence.</summary>
public enum RhythmKind
{
    Reminder,
    Escalation,
    Countdown,
    Digest,
    /// <summary>Supervision notices past their reply deadline and not acknowledged, back to their issuers.</summary>
    NoticeReturns,
    /// <summary>Sign-off cards to leaders for every task awaiting sign-off whose card has not reached them yet.</summary>
    SignOffRequests,
    /// <summary>The quarterly filing (季度报备) of the quarter just ended: unit cards and the leaders' card, once per quarter.</summary>
    QuarterFiling,
}

/// <summary>One occurrence of the rhythm: what, and the instant it is due (UTC; its day in China time is the occurrence's day).</summary>
public sealed record RhythmOccurrence(RhythmKind Kind, DateTimeOffset At)
{
    public DateOnly Day => PlanClock.ToPlanDate(At);
}

/// <summary>
/// The rhythm's occurrences from its cron expressions (Cronos, in Asia/Shanghai): reminders moved to the working day
/// before when they fall on a weekend or holiday, and which occurrences a tick must act on after a gap (a restart, a
/// stopped host): each schedule's latest missed occurrence once, not one per missed tick, and none that has outlived its
/// use — a reminder whose 15th has passed is dropped (the escalation covers it). The quarterly filing's occurrences
/// (by default 09:30 on the 1st to the 7th of January, April, July and October) move to the working day on or after
/// their day, so a holiday week still has its filing on the first working day; its send keys hold the quarter, so only
/// the first occurrence of a quarter sends anything.
/// </summary>
public sealed class RhythmSchedule
{
    private readonly (RhythmKind Kind, CronExpression Cron)[] _schedules;
    private readonly WorkingCalendar _calendar;

    public RhythmSchedule(RhythmOptions options)
    {
        _calendar = WorkingCalendar.From(options);
        _schedules =
        [
            (RhythmKind.Reminder, Parse(options.Reminders, nameof(options.Reminders))),
            (RhythmKind.Escalation, Parse(options.Escalation, nameof(options.Escalation))),
            (RhythmKind.Countdown, Parse(options.Countdown, nameof(options.Countdown))),
            (RhythmKind.Digest, Parse(options.Digest, nameof(options.Digest))),
            (RhythmKind.NoticeReturns, Parse(options.NoticeReturns, nameof(options.NoticeReturns))),
            (RhythmKind.SignOffRequests, Parse(options.SignOffRequests, nameof(options.SignOffRequests))),
            (RhythmKind.QuarterFiling, Parse(options.QuarterFiling, nameof(options.QuarterFiling))),
        ];
    }

    /// <summary>Every occurrence in (<paramref name="after"/>, <paramref name="until"/>], in time order.</summary>
    public IReadOnlyList<RhythmOccurrence> Between(DateTimeOffset after, DateTimeOffset until)
    {
        var found = new List<RhythmOccurrence>();
        foreach (var (kind, cron) in _schedules)
        {
            // Reminders move earlier, so look a fortnight past the window for ones that move into it; the quarterly filing
            // moves later (a holiday week such as 国庆 to the first working day after it), so look a fortnight before it.
            var horizon = kind == RhythmKind.Reminder ? until.AddDays(14) : until;
            var start = kind == RhythmKind.QuarterFiling ? after.AddDays(-14) : after;
            foreach (var at in cron.GetOccurrences(start.UtcDateTime, horizon.UtcDateTime, PlanClock.Zone, fromInclusive: false, toInclusive: true))
            {
                var due = kind switch
                {
                    RhythmKind.Reminder => OnWorkingDay(at),
                    RhythmKind.QuarterFiling => OnWorkingDayAfter(at),
                    _ => new DateTimeOffset(at, TimeSpan.Zero),
                };
                if (due > after && due <= until && !found.Contains(new RhythmOccurrence(kind, due)))
                {
                    found.Add(new RhythmOccurrence(kind, due));
                }
            }
        }
        return [.. found.OrderBy(o => o.At).ThenBy(o => o.Kind)];
    }

    /// <summary>
    /// What a tick at <paramref name="now"/> acts on when the last tick ran at <paramref name="lastTick"/>: of each kind the
    /// latest occurrence missed, once; a reminder only while its month's report is not yet due past (before the 16th).
    /// </summary>
    public IReadOnlyList<RhythmOccurrence> Due(DateTimeOffset lastTick, DateTimeOffset now) =>
        [.. Between(lastTick, now)
            .GroupBy(o => o.Kind)
            .Select(g => g.MaxBy(o => o.At)!)
            .Where(o => o.Kind != RhythmKind.Reminder || PlanClock.ToPlanDate(now) <= RectificationRules.ReportDueDate(YearMonth.Of(o.Day)))
            .OrderBy(o => o.At)];

    /// <summary>The same time of day on the working day on or before the occurrence's day (China time).</summary>
    private DateTimeOffset OnWorkingDay(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), PlanClock.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var moved = _calendar.OnOrBefore(day);
        return local.AddDays(moved.DayNumber - day.DayNumber).ToUniversalTime();
    }

    /// <summary>The same time of day on the working day on or after the occurrence's day (China time).</summary>
    private DateTimeOffset OnWorkingDayAfter(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), PlanClock.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var moved = _calendar.OnOrAfter(day);
        return local.AddDays(moved.DayNumber - day.DayNumber).ToUniversalTime();
    }

    private static CronExpression Parse(string expression, string name)
    {
        try
        {
            return CronExpression.Parse(expression);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"Supervision:{name} is not a cron expression (minute hour day month weekday): «{expression}». {e.Message}", name, e);
        }
    }
}
