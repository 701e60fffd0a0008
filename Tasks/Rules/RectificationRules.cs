using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Rules;

/// <summary>The plan's rules, as pure functions of a date. "Today" always comes from the caller's <see cref="TimeProvider"/>.</summary>
public static class RectificationRules
{
    /// <summary>Monthly reports are due by the 15th (每月15日前).</summary>
    public const int MonthlyReportDay = 15;

    /// <summary>Finished: completed or signed off. A long-term task that is completed is finished yet still open.</summary>
    public static bool IsFinished(RectificationTask task) =>
        task.Status is RectificationStatus.Completed or RectificationStatus.SignedOff;

    /// <summary>Open tasks are still reported on monthly: not signed off, and not completed unless long-term (长期坚持).</summary>
    public static bool IsOpen(RectificationTask task) => task.Status switch
    {
        RectificationStatus.SignedOff => false,
        RectificationStatus.Completed => task.Deadline.Kind == DeadlineKind.LongTerm,
        _ => true,
    };

    /// <summary>
    /// Awaiting sign-off (待销号): reported completed, for a leader to sign off or send back. A long-term task (长期坚持)
    /// reported done is not: it stays open for its monthly reports and is never signed off.
    /// </summary>
    public static bool AwaitsSignOff(RectificationTask task) =>
        task.Status == RectificationStatus.Completed && task.Deadline.Kind != DeadlineKind.LongTerm;

    /// <summary>Overdue: the deadline has passed and the task is not finished.</summary>
    public static bool IsOverdue(RectificationTask task, DateOnly today) =>
        task.Deadline.Date is { } deadline && today > deadline && !IsFinished(task);

    /// <summary>Days past the deadline (0 when not overdue).</summary>
    public static int DaysOverdue(RectificationTask task, DateOnly today) =>
        IsOverdue(task, today) ? today.DayNumber - task.Deadline.Date!.Value.DayNumber : 0;

    /// <summary>Countdown to the deadline: positive days left, 0 on the day, negative once past; null without a date.</summary>
    public static int? DaysLeft(RectificationTask task, DateOnly today) =>
        task.Deadline.Date is { } deadline ? deadline.DayNumber - today.DayNumber : null;

    public static bool IsDueInMonth(RectificationTask task, YearMonth month) =>
        task.Deadline.Date is { } deadline && month.Contains(deadline);

    /// <summary>The day a month's progress report is due.</summary>
    public static DateOnly ReportDueDate(YearMonth month) => new(month.Year, month.Month, MonthlyReportDay);

    /// <summary>Quarter (1–4) of a date, for quarterly filing (一季度一报备).</summary>
    public static int QuarterOf(DateOnly date) => (date.Month - 1) / 3 + 1;

    /// <summary>
    /// This month's reports owed by a unit: one for every open task the unit leads or is responsible for,
    /// due on the 15th, each with the report filed for the month if there is one.
    /// </summary>
    public static IReadOnlyList<ReportObligation> ReportsOwed(
        IEnumerable<RectificationTask> tasks,
        string unit,
        YearMonth month,
        IEnumerable<ProgressReport> reportsOfMonth,
        UnitMatcher matcher)
    {
        var filed = reportsOfMonth
            .Where(r => r.Period == month.ToString() && matcher.SameUnit(r.Unit, unit))
            .GroupBy(r => r.TaskNumber)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.ReportedAt)!);

        return tasks
            .Where(IsOpen)
            .Select(t => (Task: t, Role: matcher.RoleOf(t, unit)))
            .Where(x => x.Role is not null)
            .OrderBy(x => x.Task.Number)
            .Select(x => new ReportObligation(x.Task, x.Role!.Value, ReportDueDate(month), filed.GetValueOrDefault(x.Task.Number)))
            .ToList();
    }
}

/// <summary>A monthly report a unit owes on a task, and the report filed for it if any.</summary>
public sealed record ReportObligation(RectificationTask Task, UnitRole Role, DateOnly DueDate, ProgressReport? Filed)
{
    public bool IsFiled => Filed is not null;

    /// <summary>Days until the due date (positive) or since it (negative).</summary>
    public int DaysUntilDue(DateOnly today) => DueDate.DayNumber - today.DayNumber;
}

public enum UnitRole
{
    Lead,
    Responsible,
}
