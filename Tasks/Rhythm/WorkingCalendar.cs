namespace RectifyBot.Tasks.Rhythm;

/// <summary>
/// Which days are working days: Monday to Friday, less public holidays, plus make-up working weekends (调休) — China's
/// calendar as the office configures it (<see cref="RhythmOptions.Holidays"/>, <see cref="RhythmOptions.WorkingWeekends"/>).
/// </summary>
public sealed class WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends)
{
    private readonly HashSet<DateOnly> _holidays = [.. holidays];
    private readonly HashSet<DateOnly> _workingWeekends = [.. workingWeekends];

    public static WorkingCalendar From(RhythmOptions options) => new(options.Holidays, options.WorkingWeekends);

    public bool IsWorkingDay(DateOnly day) =>
        _workingWeekends.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The day itself when it is a working day, else the last working day before it.</summary>
    public DateOnly OnOrBefore(DateOnly day)
    {
        for (var i = 0; i < 366; i++, day = day.AddDays(-1))
        {
            if (IsWorkingDay(day))
            {
                return day;
            }
        }
        throw new InvalidOperationException("No working day in the year before " + day + ": check Supervision:Holidays.");
    }

    /// <summary>The day itself when it is a working day, else the first working day after it.</summary>
    public DateOnly OnOrAfter(DateOnly day)
    {
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                return day;
            }
        }
        throw new InvalidOperationException("No working day in the year after " + day + ": check Supervision:Holidays.");
    }
}
