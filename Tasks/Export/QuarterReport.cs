using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Export;

/// <summary>One task's line of a quarterly filing: how it stood at the quarter's end and its reports in the quarter.</summary>
public sealed record QuarterTaskLine(TaskAsOf Standing, int ReportsInQuarter, IReadOnlyList<YearMonth> MonthsMissing, bool Overdue)
{
    public RectificationTask Task => Standing.Task;

    /// <summary>The quarter's months with at least one report filed for them on the task.</summary>
    public IReadOnlyList<YearMonth> MonthsFiled { get; init; } = [];

    /// <summary>How a month of the quarter stands for the task: filed, missing (owed and not filed), or not owed (not yet due, or the task was not open).</summary>
    public MonthMark MarkOf(YearMonth month) =>
        MonthsFiled.Contains(month) ? MonthMark.Filed : MonthsMissing.Contains(month) ? MonthMark.Missing : MonthMark.NotOwed;
}

/// <summary>A month of a task's quarter on the filing cards: ✓ filed, ✗ missing, – not owed.</summary>
public enum MonthMark
{
    NotOwed,
    Filed,
    Missing,
}



/// <summary>
/// A quarter's filing (季度报备) as the store holds it: every task as it stood at the quarter's end (<see cref="TaskAsOf"/>),
/// the reports filed for the quarter's months, and the counts the summary shows. Read once from the store, then pure data.
/// </summary>
public sealed record QuarterReport
{
    public required Quarter Quarter { get; init; }

    /// <summary>The quarter's last day, or today when the quarter is not over (China time).</summary>
    public required DateOnly AsOf { get; init; }

    public required IReadOnlyList<QuarterTaskLine> Tasks { get; init; }

    /// <summary>Reports whose period is one of the quarter's months, by task number, then period, then time filed.</summary>
    public required IReadOnlyList<ProgressReport> Reports { get; init; }

    /// <summary>Units (directory units, collective names expanded) that filed nothing for a month they owed a report in.</summary>
    public required IReadOnlyList<string> UnitsMissingAMonth { get; init; }

    /// <summary>The supervision notices issued in the quarter (China time), by year and number.</summary>
    public IReadOnlyList<SupervisionNotice> Notices { get; init; } = [];
    /// <summary>The leaders' decisions that signed tasks off by the quarter's end, by task number (who and when, for the task sheet).</summary>
    public IReadOnlyDictionary<int, SignOffDecision> SignedOff { get; init; } = new Dictionary<int, SignOffDecision>();

    /// <summary>The directory's units (officials' units), as read with the report: whose filing cards go out.</summary>
    public IReadOnlyList<string> DirectoryUnits { get; init; } = [];

    /// <summary>The notices were read with the report (a notice store was given): the cards show their row, even at none.</summary>
    public bool NoticesCounted { get; init; }

    /// <summary>Notices of the quarter every unit addressed has answered.</summary>
    public int NoticesAnswered => Notices.Count(n => n.Recipients.Count > 0 && n.Answered == n.Recipients.Count);

    /// <summary>The earliest month any progress report in the store is for (the plan's records begin); null with no report at all.</summary>
    public YearMonth? FirstPeriod { get; init; }

    /// <summary>The quarter is not over on <see cref="AsOf"/>: the filing is "to date".</summary>
    public bool ToDate => AsOf < Quarter.LastDay;

    /// <summary>Tasks signed off as the quarter stood.</summary>
    public int SignedOffCount => CountWithStatus(RectificationStatus.SignedOff);

    /// <summary>The lines of the tasks a unit leads or is responsible for (collective names such as 各区政府 included).</summary>
    public IReadOnlyList<QuarterTaskLine> LinesOf(string unit, UnitMatcher matcher) =>
        [.. Tasks.Where(l => matcher.RoleOf(l.Task, unit) is not null)];

    public int CountWithStatus(RectificationStatus status) => Tasks.Count(t => t.Standing.Status == status);

    public int Finished => Tasks.Count(t => RectificationRules.IsFinished(t.Standing.Then));

    public int Overdue => Tasks.Count(t => t.Overdue);

    /// <summary>
    /// Reads the quarter from the store. The as-of date is the quarter's last day, or <paramref name="today"/> if earlier;
    /// a quarter that has not begun yet is read as of its first day.
    /// </summary>
    /// <param name="notices">Where the supervision notices are kept, for the notices sheet.</param>
    /// <param name="signOffs">Where the leaders' sign-off decisions are kept, for who signed a task off and when.</param>
    public static async Task<QuarterReport> ReadAsync(ITaskStore store, UnitMatcher matcher, Quarter quarter, DateOnly today, CancellationToken cancellationToken = default,
        INoticeStore? notices = null, ISignOffStore? signOffs = null)
    {
        var asOf = today < quarter.LastDay ? (today < quarter.FirstDay ? quarter.FirstDay : today) : quarter.LastDay;
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery(), p, ct), cancellationToken);
        var units = (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Official).Select(p => p.Unit).Distinct().ToList();
        var issued = notices is null ? [] : await notices.ListNoticesAsync(null, cancellationToken);
        var signedOff = new Dictionary<int, SignOffDecision>();
        foreach (var task in signOffs is null ? [] : tasks.Where(t => t.Status == RectificationStatus.SignedOff))
        {
            if (await signOffs!.SignedOffByAsync(task, cancellationToken) is { } decision)
            {
                signedOff[task.Number] = decision;
            }
        }
        return Build(quarter, asOf, tasks, reports, units, matcher, signedOff) with { Notices = InQuarter(issued, quarter), NoticesCounted = notices is not null };
    }

    /// <summary>The notices issued on a day of the quarter (China time), by year and number.</summary>
    public static IReadOnlyList<SupervisionNotice> InQuarter(IEnumerable<SupervisionNotice> notices, Quarter quarter) =>
        [.. notices.Where(n => PlanClock.ToPlanDate(n.IssuedAt) is var day && day >= quarter.FirstDay && day <= quarter.LastDay).OrderBy(n => n.Year).ThenBy(n => n.Number)];

    /// <summary>The filing from data already read: all tasks, all reports, the directory's units.</summary>
    public static QuarterReport Build(Quarter quarter, DateOnly asOf, IReadOnlyList<RectificationTask> tasks, IReadOnlyList<ProgressReport> reports,
        IReadOnlyCollection<string> directoryUnits, UnitMatcher matcher, IReadOnlyDictionary<int, SignOffDecision>? signedOff = null)
    {
        signedOff ??= new Dictionary<int, SignOffDecision>();
        var end = QuarterRules.EndOf(asOf);
        var byTask = reports.ToLookup(r => r.TaskNumber);
        var inQuarter = reports
            .Where(r => YearMonth.TryParse(r.Period, out var m) && quarter.Contains(m))
            .OrderBy(r => r.TaskNumber).ThenBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.ReportedAt)
            .ToList();
        var lines = tasks.OrderBy(t => t.Number).Select(task =>
        {
            var own = byTask[task.Number].ToList();
            var standing = QuarterRules.StandingAt(task, own, end);
            if (standing.Status == RectificationStatus.SignedOff && signedOff.TryGetValue(task.Number, out var decision) && decision.At >= end)
            {
                standing = standing with { Status = RectificationStatus.Completed }; // signed off after the quarter's end: awaiting it then
            }
            var filed = inQuarter.Where(r => r.TaskNumber == task.Number).ToList();
            return new QuarterTaskLine(
                standing,
                filed.Count,
                QuarterRules.MonthsMissing(task, own, quarter, asOf),
                RectificationRules.IsOverdue(standing.Then, asOf))
            {
                MonthsFiled = [.. quarter.Months.Where(m => filed.Any(r => r.Period == m.ToString()))],
            };
        }).ToList();

        var missingUnits = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var month in quarter.Months.Where(m => RectificationRules.ReportDueDate(m) <= asOf))
        {
            // Each task as it stood when the month began: the rules then see it open or not as the month saw it.
            var owing = lines.Where(l => QuarterRules.MonthsOwed(l.Task, [.. byTask[l.Task.Number]], quarter, asOf).Contains(month))
                .Select(l => QuarterRules.StandingAt(l.Task, byTask[l.Task.Number], QuarterRules.EndOf(month.FirstDay.AddDays(-1))).Then).ToList();
            var ofMonth = inQuarter.Where(r => r.Period == month.ToString() && !r.OnBehalf).ToList();
            foreach (var unfiled in Supervision.UnitsNotFiled(owing, month, ofMonth, directoryUnits, matcher))
            {
                missingUnits.Add(unfiled.Unit);
            }
        }
        return new QuarterReport
        {
            Quarter = quarter, AsOf = asOf, Tasks = lines, Reports = inQuarter, UnitsMissingAMonth = [.. missingUnits],
            DirectoryUnits = [.. directoryUnits.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            FirstPeriod = reports.Select(r => YearMonth.TryParse(r.Period, out var m) ? m : (YearMonth?)null).Where(m => m is not null).Min(),
            // Signed off by the quarter's end; a later sign-off shows as awaiting it then.
            SignedOff = signedOff.Where(d => d.Value.At < end).ToDictionary(d => d.Key, d => d.Value),
        };
    }
}
