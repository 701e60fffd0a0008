namespace RectifyBot.Tasks.Model;

/// <summary>One task of a rectification plan's task list (整改任务清单) with its current progress.</summary>
public sealed record RectificationTask
{
    public required int Number { get; init; }

    /// <summary>The list's category heading, e.g. 问题类.</summary>
    public string Category { get; init; } = "";

    /// <summary>The section heading with its marker, e.g. (一)统筹经济发展与环境保护不够.</summary>
    public string Section { get; init; } = "";

    public required string Problem { get; init; }
    public string Goal { get; init; } = "";

    /// <summary>Measures (整改措施) in order, their numbering removed.</summary>
    public IReadOnlyList<string> Measures { get; init; } = [];

    public required Deadline Deadline { get; init; }
    public UnitList LeadUnits { get; init; } = UnitList.Empty;
    public UnitList ResponsibleUnits { get; init; } = UnitList.Empty;

    /// <summary>Responsible persons (责任人), verbatim.</summary>
    public string ResponsiblePersons { get; init; } = "";

    public RectificationStatus Status { get; init; } = RectificationStatus.NotStarted;
    public int PercentComplete { get; init; }
    public DateTimeOffset? LastReportAt { get; init; }

    /// <summary>Optimistic-concurrency version; the store increments it on every write.</summary>
    public long Version { get; init; }

    /// <summary>Lead units first, then responsible units, each name once.</summary>
    public IEnumerable<string> AllUnitNames => LeadUnits.Names.Concat(ResponsibleUnits.Names).Distinct(StringComparer.Ordinal);

    /// <summary>True when the plan fields (what the import sets) are equal; progress fields are ignored.</summary>
    public bool HasSamePlanAs(RectificationTask other) =>
        Number == other.Number && Category == other.Category && Section == other.Section &&
        Problem == other.Problem && Goal == other.Goal && Measures.SequenceEqual(other.Measures) &&
        Deadline == other.Deadline && LeadUnits.Text == other.LeadUnits.Text &&
        ResponsibleUnits.Text == other.ResponsibleUnits.Text && ResponsiblePersons == other.ResponsiblePersons;
}

public enum RectificationStatus
{
    /// <summary>未启动</summary>
    NotStarted,
    /// <summary>推进中</summary>
    InProgress,
    /// <summary>滞后</summary>
    Lagging,
    /// <summary>已完成整改</summary>
    Completed,
    /// <summary>已销号: completion accepted, with evidence.</summary>
    SignedOff,
}

public enum DeadlineKind
{
    /// <summary>The text could not be read; kept verbatim and reported.</summary>
    Unknown,
    Dated,
    /// <summary>长期坚持 / 持续推进: stays open after completion.</summary>
    LongTerm,
    /// <summary>立行立改.</summary>
    Immediate,
}

/// <summary>A task's deadline (整改时限): the date read from the text, the text itself, and its kind.</summary>
public sealed record Deadline(DateOnly? Date, string Text, DeadlineKind Kind)
{
    public static Deadline Unknown(string text) => new(null, text, DeadlineKind.Unknown);
}

/// <summary>Units as a list text names them (verbatim) and the unit names parsed from it.</summary>
public sealed record UnitList(string Text, IReadOnlyList<string> Names)
{
    public static readonly UnitList Empty = new("", []);

    public bool Equals(UnitList? other) => other is not null && Text == other.Text && Names.SequenceEqual(other.Names);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}
