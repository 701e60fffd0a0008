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

    /// <summary>Id of the message or card action the report came from; the same source is never stored twice.</summary>
    public required string SourceId { get; init; }
}
