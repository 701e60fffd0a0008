using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Units;

/// <summary>
/// Matches the unit names of a task list against the units of the directory.
/// Collective names (各区党委, 各新城区政府) match every directory unit of that kind: 各区 every district,
/// other scopes (新城区) the places configured for them in <see cref="UnitGroups"/>.
/// </summary>
public sealed class UnitMatcher(IReadOnlyDictionary<string, IReadOnlyList<string>>? groups = null)
{
    /// <summary>Collective scope (新城区) to the places it covers (蔡甸区, 江夏区, …).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UnitGroups { get; } = groups ?? new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether a unit name from a task list names the given directory unit.</summary>
    public bool Matches(string taskUnit, string directoryUnit)
    {
        var unit = Parse(taskUnit);
        var candidate = Parse(directoryUnit);
        if (unit.Normalized == candidate.Normalized || unit.Bare == candidate.Normalized || unit.Aliases.Contains(candidate.Normalized))
        {
            return true;
        }
        if (unit.Place is null || candidate.Place is null || !unit.Organs.Intersect(candidate.Organs).Any())
        {
            return false;
        }
        if (unit.CollectiveScope is not { } scope)
        {
            return unit.Place == candidate.Place;
        }
        if (UnitGroups.TryGetValue(scope, out var members))
        {
            return members.Any(m => UnitName.Normalize(m) == candidate.Place);
        }
        // 各区 covers every district; 各县 every county. A narrower scope (新城区) needs its members configured.
        return scope is "区" or "县" or "市" && candidate.Place.EndsWith(scope, StringComparison.Ordinal) && candidate.Place.Length > scope.Length;
    }

    /// <summary>Two spellings of the same unit (as a report's unit and a person's unit).</summary>
    public bool SameUnit(string a, string b) => a == b || Parse(a).Normalized == Parse(b).Normalized;

    /// <summary>Whether a name (a plan's, perhaps collective: 各区政府) stands for the directory unit: the same unit, or a name covering it.</summary>
    public bool Covers(string name, string directoryUnit) => SameUnit(name, directoryUnit) || Matches(name, directoryUnit);

    /// <summary>
    /// Names parsed once each: a plan and a directory name a few hundred units, matched against each other on every list
    /// turn. Beyond <see cref="MaxCachedNames"/> distinct names (text from users), names are parsed without being kept.
    /// </summary>
    private UnitName Parse(string name)
    {
        if (_parsed.TryGetValue(name, out var parsed))
        {
            return parsed;
        }
        parsed = UnitName.Parse(name);
        if (_parsed.Count < MaxCachedNames)
        {
            _parsed.TryAdd(name, parsed);
        }
        return parsed;
    }

    private const int MaxCachedNames = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, UnitName> _parsed = new(StringComparer.Ordinal);

    /// <summary>The unit's role on a task: lead first, then responsible; null when it has none.</summary>
    public UnitRole? RoleOf(RectificationTask task, string unit)
    {
        if (task.LeadUnits.Names.Any(n => Matches(n, unit)))
        {
            return UnitRole.Lead;
        }
        return task.ResponsibleUnits.Names.Any(n => Matches(n, unit)) ? UnitRole.Responsible : null;
    }

    /// <summary>The directory units a task-list unit name stands for (all districts for 各区党委).</summary>
    public IReadOnlyList<string> Expand(string taskUnit, IEnumerable<string> directoryUnits) =>
        directoryUnits.Where(d => Matches(taskUnit, d)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Unit names of the tasks that match no directory unit: reported, never silently dropped.</summary>
    public IReadOnlyList<UnmatchedUnit> FindUnmatched(IEnumerable<RectificationTask> tasks, IReadOnlyCollection<string> directoryUnits) =>
        tasks.SelectMany(t => t.AllUnitNames.Select(n => (t.Number, Name: n)))
            .Where(x => !directoryUnits.Any(d => Matches(x.Name, d)))
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .Select(g => new UnmatchedUnit(g.Key, g.Select(x => x.Number).Distinct().Order().ToList()))
            .ToList();
}

public sealed record UnmatchedUnit(string Name, IReadOnlyList<int> TaskNumbers);
