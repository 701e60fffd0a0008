using System.Text.RegularExpressions;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Queries;

/// <summary>
/// The answers to questions about the plan: one task's status, a deadline, what is due soon, one unit's picture, the
/// overview, and the greeting. Who may see what is decided here, from the directory, for the text and the card paths alike.
/// </summary>
public sealed partial class PlanAnswers(ITaskStore store, UnitMatcher matcher, SupervisionQueries queries, TextAnswers text, ISignOffStore signOffs)
{
    /// <summary>Most units the chooser offers a leader who named none.</summary>
    private const int ChooserUnits = UnitChoiceCard.MaxUnits;

    /// <summary>我们单位的情况, my unit: the person's own unit, whatever else the text names.</summary>
    [GeneratedRegex(@"我们单位|我单位|本单位|我的单位|我们的单位|\bmy unit\b|\bour unit\b", RegexOptions.IgnoreCase)]
    private static partial Regex OwnUnit();

    /// <summary>任务3, how is task 3 going: the task's card, with a report button for those who may report it.</summary>
    public async Task<BotReply> TaskAsync(FlowTurn turn, int number, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(number, cancellationToken);
        if (task is null)
        {
            return BotReply.Send(Replies.Text(await text.TaskNotFoundAsync(number, turn.Language, cancellationToken)));
        }
        var last = await store.LastReportAsync(number, cancellationToken);
        var month = YearMonth.Of(turn.Today).ToString();
        var filed = last is { } l && l.Period == month
            || (await store.QueryReportsAsync(new ReportQuery { TaskNumber = number, Period = month }, PageRequest.First, cancellationToken)).Items.Count > 0;
        var canReport = ReportPermission.Check(turn.Person, task, matcher) != ReportRight.Refused;
        var view = new TaskStatusView(task, turn.Today, last, filed, canReport)
        {
            SignedOffBy = await signOffs.SignedOffByAsync(task, cancellationToken),
            CanDisclose = turn.Person.SeesEveryUnit,
        };
        return BotReply.Send(Replies.Card(TaskStatusCard.Build(view, turn.Language)));
    }

    /// <summary>任务3什么时候到期: the task's deadline and countdown; 月报什么时候截止: the monthly rule, this month's date, the unit's filing.</summary>
    public async Task<string> DeadlineAsync(FlowTurn turn, int? number, CancellationToken cancellationToken)
    {
        if (number is { } n)
        {
            var task = await store.GetTaskAsync(n, cancellationToken);
            return task is null
                ? await text.TaskNotFoundAsync(n, turn.Language, cancellationToken)
                : turn.T("deadline.task", n, Markdown.Escape(task.Deadline.Text), TaskCountdown.Text(task, turn.Today, turn.Language));
        }
        var today = turn.Today;
        var month = YearMonth.Of(today);
        var due = RectificationRules.ReportDueDate(month);
        var monthName = OwedCard.MonthName(month, turn.Language);
        var lines = new List<string> { turn.T("deadline.monthly", RectificationRules.MonthlyReportDay) };
        var left = due.DayNumber - today.DayNumber;
        if (left > 0)
        {
            lines.Add(turn.T("deadline.monthLeft", monthName, due.ToString("yyyy-MM-dd"), left));
        }
        else if (left == 0)
        {
            lines.Add(turn.T("deadline.monthToday", monthName, due.ToString("yyyy-MM-dd")));
        }
        else
        {
            var next = RectificationRules.ReportDueDate(month.AddMonths(1));
            lines.Add(turn.T("deadline.monthPast", monthName, due.ToString("yyyy-MM-dd"), -left, next.ToString("yyyy-MM-dd"), next.DayNumber - today.DayNumber));
        }
        if (turn.Person.SeesEveryUnit)
        {
            lines.Add(turn.T("deadline.leaderHint"));
            return string.Join("\n\n", lines);
        }
        var unit = turn.Person.Unit;
        var owed = await queries.ObligationsAsync(unit, month, await queries.UnitTasksAsync(unit, cancellationToken), cancellationToken);
        if (owed.Count == 0)
        {
            lines.Add(turn.T("deadline.unitNone", Markdown.Escape(unit)));
        }
        else
        {
            lines.Add(turn.T("deadline.unitFiled", Markdown.Escape(unit), owed.Count, owed.Count(o => o.IsFiled)));
            var missing = owed.Where(o => !o.IsFiled).Select(o => o.Task.Number).ToList();
            if (missing.Count > 0)
            {
                lines.Add(turn.T("deadline.unitMissing", string.Join(", ", missing), missing[0]));
            }
        }
        return string.Join("\n\n", lines);
    }

    /// <summary>Tasks with a dated deadline within <paramref name="days"/> (default 30) days: the unit's for an official, all for a leader.</summary>
    public async Task<ListReply> DueSoonAsync(FlowTurn turn, int? days, int offset, CancellationToken cancellationToken)
    {
        var span = Math.Clamp(days ?? Supervision.NearDays, 1, 3650);
        var unit = turn.Person.SeesEveryUnit ? null : turn.Person.Unit;
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { Unit = unit }, p, ct), cancellationToken);
        var due = DueSoonCard.Select(tasks, turn.Today, span);
        var query = new System.Text.Json.Nodes.JsonObject { ["days"] = span };
        var view = new DueSoonView(unit ?? turn.T("dueSoon.noneAll"), span, turn.Today, due, Math.Min(offset, Math.Max(0, due.Count - 1)), query);
        return new ListReply(Replies.Card(DueSoonCard.Build(view, turn.Language)), SupervisionQueries.Continue(CardVerbs.DueSoonPage, query, view.NextOffset));
    }

    /// <summary>
    /// 水务局的情况: the unit named, for a leader any unit, for an official only their own (another is refused, naming whom
    /// to ask); 我们单位的情况 the person's own; a leader who names none chooses among the units.
    /// </summary>
    public async Task<BotReply> UnitPictureAsync(FlowTurn turn, string question, CancellationToken cancellationToken)
    {
        var own = OwnUnit().IsMatch(question);
        var named = own ? null : await queries.FindUnitAsync(question, cancellationToken);
        if (named is null)
        {
            if (!own && turn.Person.SeesEveryUnit)
            {
                return BotReply.Send(Replies.Card(UnitChoiceCard.Build(await UnitsAsync(cancellationToken), turn.Language)));
            }
            // An official sees their own unit only: named or not, that is the one shown, said so when they did not name it.
            return await UnitAsync(turn, turn.Person.Unit, cancellationToken, own ? null : turn.T("unit.yours", turn.Person.Unit));
        }
        return await UnitAsync(turn, named, cancellationToken);
    }

    /// <summary>One unit's card (also the <c>unit.show</c> button): refused, with whom to ask, for an official asking about another unit.</summary>
    public async Task<BotReply> UnitAsync(FlowTurn turn, string unit, CancellationToken cancellationToken, string? note = null)
    {
        if (!turn.Person.SeesEveryUnit && !matcher.Covers(unit, turn.Person.Unit))
        {
            var leaders = (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Leader).Select(p => $"{p.Name}（{p.Unit}）").ToList();
            return BotReply.Send(Replies.Text(leaders.Count == 0
                ? turn.T("unit.ownOnlyNoLeader", Markdown.Escape(turn.Person.Unit), Markdown.Escape(unit))
                : turn.T("unit.ownOnly", Markdown.Escape(turn.Person.Unit), Markdown.Escape(unit), Markdown.Escape(string.Join("、", leaders.Take(3))))));
        }
        var tasks = await queries.UnitTasksAsync(unit, cancellationToken);
        var owed = await queries.ObligationsAsync(unit, YearMonth.Of(turn.Today), tasks, cancellationToken);
        return BotReply.Send(Replies.Card(UnitPictureCard.Build(new UnitPictureView(unit, turn.Today, tasks, owed, note), turn.Language)));
    }

    /// <summary>整改进度汇总: the whole plan for leaders and admins; an official gets their unit's picture, told so in one line.</summary>
    public async Task<BotReply> OverviewAsync(FlowTurn turn, CancellationToken cancellationToken)
    {
        if (!turn.Person.SeesEveryUnit)
        {
            return await UnitAsync(turn, turn.Person.Unit, cancellationToken, turn.T("overview.leadersOnly"));
        }
        var today = turn.Today;
        var month = YearMonth.Of(today);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var unfiled = await queries.UnfiledUnitsAsync(month, tasks.Where(RectificationRules.IsOpen), cancellationToken);
        var overdue = Supervision.OverdueByUnit(tasks, today, new Dictionary<int, ProgressReport>(), OverdueFilter.None, matcher);
        var dueSoon = DueSoonCard.Select(tasks, today, Supervision.NearDays);

        // The 15th not yet passed, a missing report is not yet late: no unit is marked for it.
        var late = today > RectificationRules.ReportDueDate(month);
        var rows = new Dictionary<string, (int Overdue, int Missing, int DueSoon)>(StringComparer.Ordinal);
        foreach (var group in overdue.Where(g => g.Unit.Length > 0))
        {
            rows[group.Unit] = (group.Lines.Count, 0, 0);
        }
        foreach (var unit in late ? unfiled : [])
        {
            var row = rows.GetValueOrDefault(unit.Unit);
            rows[unit.Unit] = row with { Missing = unit.TaskNumbers.Count };
        }
        foreach (var name in dueSoon.SelectMany(t => t.AllUnitNames))
        {
            var row = rows.GetValueOrDefault(name);
            rows[name] = row with { DueSoon = row.DueSoon + 1 };
        }
        var view = new OverviewView(today, Enum.GetValues<RectificationStatus>().ToDictionary(s => s, s => tasks.Count(t => t.Status == s)), tasks.Count,
            tasks.Count(t => RectificationRules.IsOverdue(t, today)), dueSoon.Count, late ? unfiled.Count : 0,
            rows.Select(r => new OverviewUnit(r.Key, r.Value.Overdue, r.Value.Missing, r.Value.DueSoon)).ToList());
        return BotReply.Send(Replies.Card(OverviewCard.Build(view, turn.Language)));
    }

    /// <summary>你好 / 谢谢: a short line by name and the main buttons.</summary>
    public BotReply Greeting(FlowTurn turn, CommandKind kind) =>
        BotReply.Send(Replies.Card(WelcomeCard.Build(new WelcomeView(kind == CommandKind.Thanks, turn.Person.Name, turn.Person.Role), turn.Language)));


    /// <summary>The units a leader may choose among: the directory's officials' units, then the task list's lead units.</summary>
    private async Task<IReadOnlyList<string>> UnitsAsync(CancellationToken cancellationToken)
    {
        var people = await store.ListPeopleAsync(cancellationToken);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        return people.Where(p => p.Role == PersonRole.Official).Select(p => p.Unit)
            .Concat(tasks.SelectMany(t => t.LeadUnits.Names))
            .Distinct(StringComparer.Ordinal).Take(ChooserUnits).ToList();
    }
}
