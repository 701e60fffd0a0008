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
/// A clock pinned to one plan date (configuration <c>Clock:Today</c>) for demos and acceptance runs.
/// The time of day still moves, so report times stay distinct and ordered.
/// </summary>
public sealed class PinnedDateTimeProvider(DateOnly today, TimeProvider inner) : TimeProvider
{
    public DateOnly PinnedToday { get; } = today;

    public override TimeZoneInfo LocalTimeZone => PlanClock.Zone;

    public override DateTimeOffset GetUtcNow()
    {
        var now = PlanClock.ToPlanTime(inner.GetUtcNow());
        var pinned = new DateTimeOffset(PinnedToday.ToDateTime(TimeOnly.FromTimeSpan(now.TimeOfDay)), now.Offset);
        return pinned.ToUniversalTime();
    }
}

/// <summary>A clock started at a given instant that runs on from there at the inner clock's pace (<c>Clock:Now</c>).</summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start, TimeProvider inner) : TimeProvider
{
    private readonly DateTimeOffset _startedAt = inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => PlanClock.Zone;

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + (inner.GetUtcNow() - _startedAt);
}
