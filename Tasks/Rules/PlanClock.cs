namespace RectifyBot.Tasks.Rules;

/// <summary>Dates as the plan's users see them: in China Standard Time, whatever the server's zone.</summary>
public static class PlanClock
{
    /// <summary>Asia/Shanghai; China has kept UTC+8 without daylight saving since 1991, so a fixed zone stands in where tzdata is missing.</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly Today(TimeProvider time) => ToPlanDate(time.GetUtcNow());

    public static DateOnly ToPlanDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateTimeOffset ToPlanTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}

/// <summary>
/// A clock pinned to one plan date (configuration <c>Clock:Today</c>) for demos and acceptance runs. Its time starts at
/// 09:00 of that date (China time) and runs on at the real pace, so report times stay distinct and ordered and read as
/// one day's times, never the pinned date with the wall clock's time of day; it stops at the day's last instant, so
/// "today" never moves.
/// </summary>
public sealed class PinnedDateTimeProvider(DateOnly today, TimeProvider inner) : TimeProvider
{
    /// <summary>When a pinned day's clock starts.</summary>
    public static readonly TimeOnly DayStarts = new(9, 0);

    private readonly DateTimeOffset _startedAt = inner.GetUtcNow();

    public DateOnly PinnedToday { get; } = today;

    public override TimeZoneInfo LocalTimeZone => PlanClock.Zone;

    public override DateTimeOffset GetUtcNow()
    {
        var offset = PlanClock.Zone.GetUtcOffset(PinnedToday.ToDateTime(DayStarts));
        var start = new DateTimeOffset(PinnedToday.ToDateTime(DayStarts), offset);
        var last = new DateTimeOffset(PinnedToday.ToDateTime(TimeOnly.MaxValue), offset);
        var now = start + (inner.GetUtcNow() - _startedAt);
        return (now > last ? last : now).ToUniversalTime();
    }
}

/// <summary>A clock started at a given instant that runs on from there at the inner clock's pace (<c>Clock:Now</c>).</summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start, TimeProvider inner) : TimeProvider
{
    private readonly DateTimeOffset _startedAt = inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => PlanClock.Zone;

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + (inner.GetUtcNow() - _startedAt);
}
