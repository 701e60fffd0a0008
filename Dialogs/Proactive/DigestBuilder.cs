using RectifyBot.Cards.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// A digest as it was built (a preview) or posted (kept): the view, what it was compared on next month (the finished
/// and the overdue tasks at that moment), who sees their own view when the card refreshes, when it was built, by whom
/// (a leader's key, or <c>schedule</c>), and when it was posted.
/// </summary>
public sealed record DigestSnapshot(DigestView View, IReadOnlyList<int> Finished, IReadOnlyList<int> OverdueTasks, IReadOnlyList<string> RefreshUserIds, DateTimeOffset At, string By)
{
    /// <summary>When it went to the channel; null for a preview not (yet) posted.</summary>
    public DateTimeOffset? PostedAt { get; init; }
}

/// <summary>
/// Builds the monthly dispatch digest (月度调度通报) from the store: every task by status, the overdue ones, the units that
/// must speak at the meeting — those with an overdue task, and once the 15th has passed those that have not filed the
/// month's report — with their officials, and what changed since the last digest that was actually posted.
/// </summary>
public sealed class DigestBuilder(ITaskStore store, IConversationStore conversations, DigestArchive archive, UnitMatcher matcher)
{
    public async Task<DigestSnapshot> BuildAsync(DateOnly day, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        var month = YearMonth.Of(day);
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var people = await store.ListPeopleAsync(cancellationToken);
        var officials = people.Where(p => p.Role == PersonRole.Official).ToList();
        var directoryUnits = officials.Select(p => p.Unit).Distinct(StringComparer.Ordinal).ToList();

        var units = new List<(string Unit, SortedSet<int> Overdue, SortedSet<int> Unfiled)>();
        (string Unit, SortedSet<int> Overdue, SortedSet<int> Unfiled) UnitOf(string name)
        {
            foreach (var known in units)
            {
                if (matcher.SameUnit(known.Unit, name))
                {
                    return known;
                }
            }
            units.Add((name, [], []));
            return units[^1];
        }

        var overdue = tasks.Where(t => RectificationRules.IsOverdue(t, day)).ToList();
        foreach (var task in overdue)
        {
            foreach (var name in task.AllUnitNames)
            {
                var expanded = matcher.Expand(name, directoryUnits);
                foreach (var unit in expanded.Count > 0 ? expanded : [name])
                {
                    UnitOf(unit).Overdue.Add(task.Number);
                }
            }
        }
        if (day > RectificationRules.ReportDueDate(month))
        {
            var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { Period = month.ToString() }, p, ct), cancellationToken);
            foreach (var unfiled in Supervision.UnitsNotFiled(tasks, month, [.. reports.Where(r => !r.OnBehalf)], directoryUnits, matcher))
            {
                UnitOf(unfiled.Unit).Unfiled.UnionWith(unfiled.TaskNumbers);
            }
        }

        // Who can be reached: one read of the addresses, not one per person.
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var calledOut = new List<DigestUnit>();
        var refresh = new List<string>();
        foreach (var (unit, late, unfiledTasks) in units.OrderByDescending(u => u.Overdue.Count).ThenByDescending(u => u.Unfiled.Count).ThenBy(u => u.Unit, StringComparer.Ordinal))
        {
            var members = officials.Where(p => matcher.Covers(unit, p.Unit)).ToList();
            var reach = members.Select(p => (Person: p, Chat: chats.For(p) is { IsGone: false } chat ? chat : null)).ToList();
            calledOut.Add(new DigestUnit(unit, [.. late], [.. unfiledTasks], [.. reach.Select(p => new DigestPerson(p.Person.Name, p.Person.AadObjectId) { WithoutBot = p.Chat is null })]));
            refresh.AddRange(reach.Where(p => p.Chat?.UserId is not null).Select(p => p.Chat!.UserId!));
        }

        var finished = tasks.Where(RectificationRules.IsFinished).Select(t => t.Number).Order().ToList();
        var overdueNumbers = overdue.Select(t => t.Number).Order().ToList();
        var previous = await archive.LatestBeforeAsync(month, cancellationToken);
        var changes = previous is null
            ? new DigestChanges(null, [], [], [])
            : new DigestChanges(
                previous.View.Month,
                [.. finished.Except(previous.Finished)],
                [.. overdueNumbers.Except(previous.OverdueTasks)],
                [.. calledOut.Select(u => u.Unit).Where(u => !previous.View.CalledOut.Any(p => matcher.SameUnit(p.Unit, u)))]);
        var totals = Enum.GetValues<RectificationStatus>().ToDictionary(s => s, s => tasks.Count(t => t.Status == s));
        var view = new DigestView(month.ToString(), day, totals, overdue.Count, changes, calledOut);
        // More than Teams' limit: nobody gets an automatic own view (everyone sees the common one, and can refresh by hand).
        return new DigestSnapshot(view, finished, overdueNumbers, refresh.Distinct().Count() <= DigestCard.MaxRefreshUsers ? [.. refresh.Distinct()] : [], at, by);
    }

    /// <summary>The called-out unit a person belongs to, as the digest spells it; null when theirs was not called out.</summary>
    public string? UnitOfViewer(DigestView view, Person person) =>
        view.CalledOut.FirstOrDefault(u => matcher.Covers(u.Unit, person.Unit))?.Unit;
}
