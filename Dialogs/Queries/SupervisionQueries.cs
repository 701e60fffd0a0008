using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Queries;

/// <summary>The list answers: what a unit owes in a month, what is overdue, who has not reported. Each builds its card from the store.</summary>
public sealed class SupervisionQueries(ITaskStore store, UnitMatcher matcher)
{
    public async Task<IReadOnlyList<JsonObject>> OwedAsync(FlowTurn turn, IReadOnlyList<YearMonth>? months, CancellationToken cancellationToken)
    {
        var unit = turn.Person.Unit;
        var tasks = await UnitTasksAsync(unit, cancellationToken);
        var cards = new List<JsonObject>();
        foreach (var month in months ?? [YearMonth.Of(turn.Today)])
        {
            cards.Add(await OwedCardAsync(turn, unit, month, tasks, cancellationToken));
        }
        return cards;
    }

    /// <summary>
    /// One unit's month: the reports it owes and has filed, the deadlines in the month, its overdue tasks. The caller
    /// decides whose unit the person may see.
    /// </summary>
    public async Task<JsonObject> OwedCardAsync(FlowTurn turn, string unit, YearMonth month, IReadOnlyList<RectificationTask>? unitTasks, CancellationToken cancellationToken)
    {
        var tasks = unitTasks ?? await UnitTasksAsync(unit, cancellationToken);
        var owed = await ObligationsAsync(unit, month, tasks, cancellationToken);
        var due = tasks.Where(t => RectificationRules.IsDueInMonth(t, month)).ToList();
        var overdue = tasks.Where(t => RectificationRules.IsOverdue(t, turn.Today)).OrderByDescending(t => RectificationRules.DaysOverdue(t, turn.Today)).ToList();
        return OwedCard.Build(new OwedView(unit, month, turn.Today, owed, due, overdue), turn.Language);
    }

    /// <summary>Overdue tasks: every unit's for a leader (optionally one unit's), the person's own unit's for an official.</summary>
    public async Task<ListReply> OverdueAsync(FlowTurn turn, JsonObject query, int offset, CancellationToken cancellationToken)
    {
        var leader = turn.Person.SeesEveryUnit;
        var unit = leader ? (string?)query["unit"] : turn.Person.Unit;
        var filter = new OverdueFilter
        {
            Unit = unit,
            MoreThanDays = int.TryParse(query["days"]?.ToString(), out var d) ? d : null,
            Section = (string?)query["section"],
        };
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OverdueAsOf = turn.Today, Unit = unit }, p, ct), cancellationToken);
        var layout = OverdueCard.LayoutOf(query);
        var overdue = Supervision.OverdueTasks(tasks, turn.Today, filter, matcher);
        var units = Supervision.RankUnits(Supervision.OverdueByUnit(tasks, turn.Today, new Dictionary<int, ProgressReport>(), filter, matcher));

        // The last report only for the tasks on this page: a few lookups, not one per overdue task.
        if (layout == OverdueLayout.ByTask)
        {
            var page = new List<OverdueTask>(overdue);
            for (var i = offset; i < Math.Min(offset + OverdueCard.PageSize, page.Count); i++)
            {
                page[i] = page[i] with { LastReport = await store.LastReportAsync(page[i].Task.Number, cancellationToken) };
            }
            overdue = page;
        }

        IReadOnlyList<UnfiledUnit>? unfiled = null;
        if (leader && unit is null && offset == 0 && turn.Today.Day > RectificationRules.MonthlyReportDay)
        {
            unfiled = await UnfiledUnitsAsync(YearMonth.Of(turn.Today), null, cancellationToken);
        }
        var filters = new List<string>();
        if (filter.MoreThanDays is { } days)
        {
            filters.Add(turn.T("filter.days", days));
        }
        if (filter.Section is { } section)
        {
            filters.Add(turn.T("filter.section", section));
        }
        var scope = unit is null ? turn.T("overdue.all") : UnitName.Display(unit);
        var view = new OverdueView(scope, string.Join(" · ", filters), turn.Today, overdue, units, layout, offset, unfiled, query);
        return new ListReply(Replies.Card(OverdueCard.Build(view, turn.Language)), Continue(CardVerbs.OverduePage, query, view.NextOffset));
    }

    public async Task<IReadOnlyList<ListReply>> UnfiledAsync(FlowTurn turn, IReadOnlyList<YearMonth>? months, int offset, CancellationToken cancellationToken)
    {
        var cards = new List<ListReply>();
        foreach (var month in months ?? [YearMonth.Of(turn.Today)])
        {
            var units = await UnfiledUnitsAsync(month, null, cancellationToken);
            var overdue = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OverdueAsOf = turn.Today }, p, ct), cancellationToken);
            if (!turn.Person.SeesEveryUnit)
            {
                units = units.Where(u => matcher.Covers(u.Unit, turn.Person.Unit)).ToList();
            }
            var query = new JsonObject { ["months"] = month.ToString() };
            var view = new UnfiledView(month, turn.Today, units, offset, query)
            {
                Overdue = overdue.Where(t => RectificationRules.IsOverdue(t, turn.Today)).Select(t => t.Number).ToHashSet(),
            };
            cards.Add(new ListReply(Replies.Card(UnfiledCard.Build(view, turn.Language)), Continue(CardVerbs.UnfiledPage, query, view.NextOffset)));
        }
        return cards;
    }

    /// <summary>Whether any task names the unit (as lead or responsible).</summary>
    public async Task<bool> UnitHasTasksAsync(string unit, CancellationToken cancellationToken) =>
        unit.Length > 0 && (await store.QueryTasksAsync(new TaskQuery { Unit = unit }, new PageRequest(1), cancellationToken)).Items.Count > 0;

    /// <summary>Where "show more" continues a list: its verb, query and next offset; null when it has no more.</summary>
    public static ListState? Continue(string verb, JsonObject query, int? nextOffset) =>
        nextOffset is { } next ? new ListState { Verb = verb, Query = query.ToJsonString(), NextOffset = next } : null;

    /// <summary>The directory's units and the task list's unit names, for finding a unit named in a message.</summary>
    public async Task<string?> FindUnitAsync(string text, CancellationToken cancellationToken)
    {
        var people = await store.ListPeopleAsync(cancellationToken);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var names = people.Select(p => p.Unit).Concat(tasks.SelectMany(t => t.AllUnitNames)).Distinct(StringComparer.Ordinal);
        var folded = UnitName.Normalize(text);
        var units = names.ToList();
        return units
            .Select(n => (Name: n, Forms: NamedForms(n).Where(f => f.Length >= 3)))
            .Where(x => x.Forms.Any(f => folded.Contains(f, StringComparison.Ordinal)))
            .OrderByDescending(x => x.Forms.Max(f => f.Length))
            .Select(x => x.Name)
            .FirstOrDefault() ?? InEnglish(text, units);
    }

    /// <summary>
    /// A unit named in English (the water authority) among the plan's Chinese names: the one whose name holds the
    /// department's Chinese words (水务), a city department (市…) before others; null when none does.
    /// </summary>
    private static string? InEnglish(string text, IReadOnlyList<string> units)
    {
        foreach (var word in EnglishUnitNames.ChineseWords(text))
        {
            var found = units.Where(u => UnitName.Normalize(u).Contains(word, StringComparison.Ordinal))
                .OrderByDescending(u => u.StartsWith('市')).ThenBy(u => u.Length).ThenBy(u => u, StringComparer.Ordinal)
                .FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>How a message may name a unit: as written, its bare form, and without the city prefix (水务局 for 市水务局).</summary>
    private static IEnumerable<string> NamedForms(string name)
    {
        var normalized = UnitName.Normalize(name);
        yield return normalized;
        yield return UnitName.Parse(name).Bare;
        if (normalized.StartsWith('市'))
        {
            yield return normalized[1..];
        }
    }

    /// <summary>The tasks naming the unit, as lead or responsible.</summary>
    public async Task<IReadOnlyList<RectificationTask>> UnitTasksAsync(string unit, CancellationToken cancellationToken) =>
        await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { Unit = unit }, p, ct), cancellationToken);

    /// <summary>The month's reports the unit owes on its tasks, each filed or not.</summary>
    public async Task<IReadOnlyList<ReportObligation>> ObligationsAsync(string unit, YearMonth month, IReadOnlyList<RectificationTask> unitTasks, CancellationToken cancellationToken)
    {
        var filed = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { Period = month.ToString(), Unit = unit }, p, ct), cancellationToken);
        return RectificationRules.ReportsOwed(unitTasks, unit, month, filed, matcher);
    }

    /// <summary>The directory's units that have not filed the month's report on an open task; <paramref name="openTasks"/> when already read.</summary>
    public async Task<IReadOnlyList<UnfiledUnit>> UnfiledUnitsAsync(YearMonth month, IEnumerable<RectificationTask>? openTasks, CancellationToken cancellationToken)
    {
        var tasks = openTasks ?? await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { OpenOnly = true }, p, ct), cancellationToken);
        var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { Period = month.ToString() }, p, ct), cancellationToken);
        var units = (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Official).Select(p => p.Unit).Distinct().ToList();
        return Supervision.UnitsNotFiled(tasks, month, reports, units, matcher);
    }
}
