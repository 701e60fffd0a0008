using System.Globalization;
using System.Text.RegularExpressions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Rules;

/// <summary>A calendar quarter, the unit of quarterly filing (一季度一报备); written <c>yyyyQn</c>.</summary>
public readonly partial record struct Quarter(int Year, int Number)
{
    public static Quarter Of(DateOnly date) => new(date.Year, RectificationRules.QuarterOf(date));

    public YearMonth FirstMonth => new(Year, (Number - 1) * 3 + 1);

    public IReadOnlyList<YearMonth> Months => [FirstMonth, FirstMonth.AddMonths(1), FirstMonth.AddMonths(2)];

    public DateOnly FirstDay => FirstMonth.FirstDay;

    public DateOnly LastDay => FirstMonth.AddMonths(2).LastDay;

    public bool Contains(YearMonth month) => month >= FirstMonth && month <= FirstMonth.AddMonths(2);

    public override string ToString() => $"{Year:D4}Q{Number}";

    /// <summary>
    /// A quarter as written: <c>2019Q1</c>, <c>2019-Q1</c>, <c>2019 Q1</c>, <c>Q1 2019</c>, <c>Q1-2019</c> (any case), or
    /// <c>2019年一季度</c>, <c>2019年第一季度</c>, <c>2019年1季度</c>. Years 2000–2099.
    /// </summary>
    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        var trimmed = FreeText.Normalize(text).Trim();
        if (YearFirst().Match(trimmed) is { Success: true } a)
        {
            return Make(a.Groups["y"].Value, a.Groups["q"].Value, out quarter);
        }
        if (QuarterFirst().Match(trimmed) is { Success: true } b)
        {
            return Make(b.Groups["y"].Value, b.Groups["q"].Value, out quarter);
        }
        if (Chinese().Match(trimmed) is { Success: true } c)
        {
            var q = c.Groups["q"].Value switch { "一" or "1" => "1", "二" or "2" => "2", "三" or "3" => "3", "四" or "4" => "4", _ => "" };
            return Make(c.Groups["y"].Value, q, out quarter);
        }
        return false;
    }

    private static bool Make(string year, string number, out Quarter quarter)
    {
        quarter = default;
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2099
            || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 4)
        {
            return false;
        }
        quarter = new Quarter(y, n);
        return true;
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/ ]?\s*[Qq](?<q>\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"^[Qq](?<q>\d)\s*[-/ ]?\s*(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex QuarterFirst();

    [GeneratedRegex(@"^(?<y>\d{4})\s*年\s*第?\s*(?<q>[一二三四1-4])\s*季度?$", RegexOptions.CultureInvariant)]
    private static partial Regex Chinese();
}

/// <summary>
/// A task as it stood at an instant, read back from its reports. The task record holds only its current progress, so:
/// when no report on the task was filed after the instant, its current status and percent are what they were then (this
/// keeps a sign-off, which is not a report); otherwise the last report filed on or before the instant says, and a task
/// with no report by then had not started.
/// </summary>
public sealed record TaskAsOf(RectificationTask Task, RectificationStatus Status, int PercentComplete, ProgressReport? LastReport)
{
    /// <summary>The task with its progress fields set to what they were, for the plan's rules (open, finished, overdue).</summary>
    public RectificationTask Then => Task with { Status = Status, PercentComplete = PercentComplete };
}

/// <summary>The pure rules of quarterly filing: a task's standing at a quarter's end and the monthly reports it misses.</summary>
public static class QuarterRules
{
    /// <summary>The instant a plan date ends (China time): the next day's first instant.</summary>
    public static DateTimeOffset EndOf(DateOnly date) =>
        new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), PlanClock.Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();

    /// <summary>The task as it stood just before <paramref name="before"/> (see <see cref="TaskAsOf"/>); its reports in any order.</summary>
    public static TaskAsOf StandingAt(RectificationTask task, IEnumerable<ProgressReport> reportsOfTask, DateTimeOffset before)
    {
        var last = reportsOfTask.Where(r => r.TaskNumber == task.Number && r.ReportedAt < before).MaxBy(r => r.ReportedAt);
        var laterReport = reportsOfTask.Any(r => r.TaskNumber == task.Number && r.ReportedAt >= before)
            || (task.LastReportAt is { } at && at >= before);
        if (!laterReport)
        {
            return new TaskAsOf(task, task.Status, task.PercentComplete, last);
        }
        return last is null
            ? new TaskAsOf(task, RectificationStatus.NotStarted, 0, null)
            : new TaskAsOf(task, last.Status, last.PercentComplete, last);
    }

    /// <summary>
    /// The months of the quarter a report was owed on the task by <paramref name="asOf"/> (its due day, the 15th, passed or
    /// reached) while the task was open (as it stood when the month began), with no report on the task for that period.
    /// </summary>
    public static IReadOnlyList<YearMonth> MonthsMissing(RectificationTask task, IReadOnlyCollection<ProgressReport> reportsOfTask, Quarter quarter, DateOnly asOf) =>
        MonthsOwed(task, reportsOfTask, quarter, asOf)
            .Where(m => !reportsOfTask.Any(r => r.TaskNumber == task.Number && r.Period == m.ToString()))
            .ToList();

    /// <summary>The months of the quarter whose report was due by <paramref name="asOf"/> and in which the task was open.</summary>
    public static IReadOnlyList<YearMonth> MonthsOwed(RectificationTask task, IReadOnlyCollection<ProgressReport> reportsOfTask, Quarter quarter, DateOnly asOf) =>
        quarter.Months
            .Where(m => RectificationRules.ReportDueDate(m) <= asOf)
            .Where(m => RectificationRules.IsOpen(StandingAt(task, reportsOfTask, EndOf(m.FirstDay.AddDays(-1))).Then))
            .ToList();
}
