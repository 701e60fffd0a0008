using System.Text.Json.Nodes;

namespace RectifyBot.Tasks.Rules;

/// <summary>
/// A progress report's fields as the user typed them, kept raw so a form that fails validation comes back with the
/// input unchanged. The ids are the card's input ids and the keys of its submitted data.
/// </summary>
public sealed record ReportFields
{
    public const string StatusId = "status";
    public const string PercentId = "percent";
    public const string SummaryId = "summary";
    public const string NextStepsId = "nextSteps";
    public const string MeasuresDoneId = "measuresDone";
    public const string ExpectedId = "expected";
    public const string EvidenceId = "evidence";
    public const string ReasonId = "reason";

    public static readonly IReadOnlyList<string> Ids = [StatusId, PercentId, SummaryId, NextStepsId, MeasuresDoneId, ExpectedId, EvidenceId, ReasonId];

    public string Status { get; init; } = "";
    public string Percent { get; init; } = "";
    public string Summary { get; init; } = "";
    public string NextSteps { get; init; } = "";

    /// <summary>Numbers of the measures marked done, comma-separated (the multi-select choice set's value).</summary>
    public string MeasuresDone { get; init; } = "";
    public string Expected { get; init; } = "";

    /// <summary>Evidence links, one per line.</summary>
    public string Evidence { get; init; } = "";
    public string Reason { get; init; } = "";

    /// <summary>The fields without invisible characters (<see cref="FreeText.WithoutInvisible"/>), to show a refused form back to its author.</summary>
    public ReportFields WithoutInvisible() => new()
    {
        Status = FreeText.WithoutInvisible(Status),
        Percent = FreeText.WithoutInvisible(Percent),
        Summary = FreeText.WithoutInvisible(Summary),
        NextSteps = FreeText.WithoutInvisible(NextSteps),
        MeasuresDone = FreeText.WithoutInvisible(MeasuresDone),
        Expected = FreeText.WithoutInvisible(Expected),
        Evidence = FreeText.WithoutInvisible(Evidence),
        Reason = FreeText.WithoutInvisible(Reason),
    };

    public JsonObject ToJson() => new()
    {
        [StatusId] = Status,
        [PercentId] = Percent,
        [SummaryId] = Summary,
        [NextStepsId] = NextSteps,
        [MeasuresDoneId] = MeasuresDone,
        [ExpectedId] = Expected,
        [EvidenceId] = Evidence,
        [ReasonId] = Reason,
    };
}
