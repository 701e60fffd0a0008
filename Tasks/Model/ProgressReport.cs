namespace RectifyBot.Tasks.Model;

/// <summary>A unit's progress report on one task for one period.</summary>
public sealed record ProgressReport
{
    public required string Id { get; init; }
    public required int TaskNumber { get; init; }
    public required string Unit { get; init; }
    public required string ReporterId { get; init; }
    public required string ReporterName { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>The reporting month, <c>yyyy-MM</c>.</summary>
    public required string Period { get; init; }

    public required RectificationStatus Status { get; init; }
    public required int PercentComplete { get; init; }
    public required string Summary { get; init; }
    public string NextSteps { get; init; } = "";
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Numbers (1-based) of the task's measures marked done in this report.</summary>
    public IReadOnlyList<int> MeasuresDone { get; init; } = [];

    /// <summary>Expected completion date as the reporter wrote it, and the date read from it.</summary>
    public string ExpectedCompletionText { get; init; } = "";
    public DateOnly? ExpectedCompletion { get; init; }

    /// <summary>Why the percent complete went down since the last report; empty otherwise.</summary>
    public string Reason { get; init; } = "";

    /// <summary>A leader reporting on a task of another unit (领导代报).</summary>
    public bool OnBehalf { get; init; }

    /// <summary>Id of the message or card action the report came from; the same source is never stored twice.</summary>
    public required string SourceId { get; init; }
}
