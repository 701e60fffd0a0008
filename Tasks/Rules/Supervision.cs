using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Rules;

/// <summary>The colours of 督查督办 practice: red overdue, yellow lagging or report missing, blue deadline near.</summary>
public enum SupervisionColour
{
    None,
    /// <summary>蓝色: deadline within <see cref="Supervision.NearDays"/> days.</summary>
    Blue,
    /// <summary>黄色: lagging, or this month's report missing after the 15th.</summary>
    Yellow,
    /// <summary>红色: overdue.</summary>
    Red,
}

/// <summary>Filters a leader puts on the overdue list.</summary>
public sealed record OverdueFilter
{
    public static readonly OverdueFilter None = new();

    /// <summary>Only tasks of this unit (lead or responsible).</summary>
    public string? Unit { get; init; }

    /// <summary>Only tasks overdue by more than this many days.</summary>
    public int? MoreThanDays { get; init; }

    /// <summary>Only tasks whose section contains this text (a marker like (一), or words of its title).</summary>
    public string? Section { get; init; }
}

/// <summary>An overdue task as a unit sees it, with the latest report on it.</summary>
public sealed record OverdueLine(RectificationTask Task, UnitRole Role, int DaysOverdue, ProgressReport? LastReport);

/// <summary>The overdue tasks of one unit: the ones it leads first, then the ones it is responsible for.</summary>
public sealed record UnitOverdue(string Unit, IReadOnlyList<OverdueLine> Lines)
{
    public int WorstDays => Lines.Max(l => l.DaysOverdue);
}

/// <summary>
/// An overdue task once, with every unit named on it as cards show them (<see cref="UnitName.Display"/>): its lead units
/// first, then its responsible units, each once.
/// </summary>
public sealed record OverdueTask(RectificationTask Task, int DaysOverdue, IReadOnlyList<string> Units, ProgressReport? LastReport);

/// <summary>A unit that has not filed this month's report, and the tasks it owes it on.</summary>
public sealed record UnfiledUnit(string Unit, IReadOnlyList<int> TaskNumbers);

public static class Supervision
{
    public const int NearDays = 30;

    public static SupervisionColour ColourOf(RectificationTask task, DateOnly today, bool filedThisMonth)
    {
        if (RectificationRules.IsOverdue(task, today))
        {
            return SupervisionColour.Red;
        }
        if (RectificationRules.IsFinished(task) && !RectificationRules.IsOpen(task))
        {
            return SupervisionColour.None;
        }
        if (task.Status == RectificationStatus.Lagging || (!filedThisMonth && today.Day > RectificationRules.MonthlyReportDay && RectificationRules.IsOpen(task)))
        {
            return SupervisionColour.Yellow;
        }
        return RectificationRules.DaysLeft(task, today) is >= 0 and <= NearDays && !RectificationRules.IsFinished(task) ? SupervisionColour.Blue : SupervisionColour.None;
    }

    /// <summary>
    /// The overdue tasks passing the filter, each once, most days overdue first, then by task number. With a unit in the
    /// filter, only the tasks naming it (directly or through a collective name such as 各区政府).
    /// </summary>
    public static IReadOnlyList<OverdueTask> OverdueTasks(IEnumerable<RectificationTask> tasks, DateOnly today, OverdueFilter filter, UnitMatcher matcher)
    {
        var list = new List<OverdueTask>();
        foreach (var task in tasks.Where(t => RectificationRules.IsOverdue(t, today)))
        {
            var days = RectificationRules.DaysOverdue(task, today);
            if (!Passes(filter, task, days))
            {
                continue;
            }
            var names = task.LeadUnits.Names.Concat(task.ResponsibleUnits.Names).ToList();
            if (filter.Unit is { } unit && !names.Any(n => matcher.Matches(n, unit)))
            {
                continue;
            }
            list.Add(new OverdueTask(task, days, names.Select(UnitName.Display).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList(), null));
        }
        return list.OrderByDescending(t => t.DaysOverdue).ThenBy(t => t.Task.Number).ToList();
    }

    /// <summary>Whether an overdue task passes the list's filters on days and section (the unit is matched by the caller).</summary>
    private static bool Passes(OverdueFilter filter, RectificationTask task, int daysOverdue) =>
        (filter.MoreThanDays is not { } min || daysOverdue > min)
        && (filter.Section is not { } section || task.Section.Contains(section, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The units with overdue tasks ranked for a leader: most overdue tasks first, then the longest overdue, then by name
    /// (the groups of <see cref="OverdueByUnit"/>, reordered).
    /// </summary>
    public static IReadOnlyList<UnitOverdue> RankUnits(IEnumerable<UnitOverdue> groups) =>
        groups.OrderByDescending(g => g.Lines.Count).ThenByDescending(g => g.WorstDays).ThenBy(g => g.Unit, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Overdue tasks grouped by the units named on them as cards show them (<see cref="UnitName.Display"/>), worst group first; inside a group
    /// the tasks the unit leads come first, then those it is responsible for, each by days overdue.
    /// </summary>
    public static IReadOnlyList<UnitOverdue> OverdueByUnit(
        IEnumerable<RectificationTask> tasks, DateOnly today, IReadOnlyDictionary<int, ProgressReport> lastReports, OverdueFilter filter, UnitMatcher matcher)
    {
        var lines = new List<(string Unit, OverdueLine Line)>();
        foreach (var task in tasks.Where(t => RectificationRules.IsOverdue(t, today)))
        {
            var days = RectificationRules.DaysOverdue(task, today);
            if (!Passes(filter, task, days))
            {
                continue;
            }
            var last = lastReports.GetValueOrDefault(task.Number);
            var named = task.LeadUnits.Names.Select(n => (n, UnitRole.Lead))
                .Concat(task.ResponsibleUnits.Names.Select(n => (n, UnitRole.Responsible)))
                .DistinctBy(x => UnitName.Display(x.n));
            foreach (var (name, role) in named)
            {
                if (filter.Unit is { } unit && !matcher.Matches(name, unit))
                {
                    continue;
                }
                lines.Add((UnitName.Display(filter.Unit ?? name), new OverdueLine(task, role, days, last)));
            }
            if (!named.Any() && filter.Unit is null)
            {
                lines.Add(("", new OverdueLine(task, UnitRole.Responsible, days, last)));
            }
        }
        return lines
            .GroupBy(x => x.Unit, StringComparer.Ordinal)
            .Select(g => new UnitOverdue(g.Key, g.Select(x => x.Line)
                .DistinctBy(l => l.Task.Number)
                .OrderBy(l => l.Role).ThenByDescending(l => l.DaysOverdue).ThenBy(l => l.Task.Number).ToList()))
            .OrderByDescending(g => g.WorstDays).ThenByDescending(g => g.Lines.Count).ThenBy(g => g.Unit, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Units that owe a report for the month and have filed none: every open task's units, collective names (各区政府)
    /// expanded to the directory's units, a report by a matching unit counting as filed.
    /// </summary>
    public static IReadOnlyList<UnfiledUnit> UnitsNotFiled(
        IEnumerable<RectificationTask> tasks, YearMonth month, IReadOnlyCollection<ProgressReport> reportsOfMonth, IReadOnlyCollection<string> directoryUnits, UnitMatcher matcher)
    {
        var missing = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        var monthText = month.ToString();
        foreach (var task in tasks.Where(RectificationRules.IsOpen))
        {
            var reports = reportsOfMonth.Where(r => r.TaskNumber == task.Number && r.Period == monthText && !r.OnBehalf).ToList();
            foreach (var name in task.AllUnitNames)
            {
                var expanded = matcher.Expand(name, directoryUnits);
                foreach (var unit in expanded.Count > 0 ? expanded : [name])
                {
                    var filed = reports.Any(r => matcher.Covers(unit, r.Unit));
                    if (!filed)
                    {
                        (missing.TryGetValue(unit, out var set) ? set : missing[unit] = []).Add(task.Number);
                    }
                }
            }
        }
        return missing.Select(kv => new UnfiledUnit(kv.Key, kv.Value.ToList()))
            .OrderByDescending(u => u.TaskNumbers.Count).ThenBy(u => u.Unit, StringComparer.Ordinal).ToList();
    }
}
