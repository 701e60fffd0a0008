using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Store;

/// <summary>
/// Writes everything in a store as one JSON document, camelCase with ISO dates: tasks, reports and people, and — given the
/// send log and the conversation addresses — what the bot sent first, to whom, and where it can speak; given the audit
/// log, its every entry, oldest first.
/// </summary>
public static class StoreExport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteAsync(ITaskStore store, Stream output, CancellationToken cancellationToken = default, ISendLog? sends = null, IConversationStore? conversations = null, IAuditLog? audit = null)
    {
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery(), p, ct), cancellationToken);
        var people = await store.ListPeopleAsync(cancellationToken);
        var document = new ExportDocument(
            tasks.Select(t => new ExportTask(t.Number, t.Category, t.Section, t.Problem, t.Goal, t.Measures, t.Deadline.Date, t.Deadline.Text, t.Deadline.Kind,
                t.LeadUnits.Names, t.ResponsibleUnits.Names, t.ResponsiblePersons, t.Status, t.PercentComplete, t.LastReportAt, t.LeadUnits.Text, t.ResponsibleUnits.Text, t.Version)).ToList(),
            reports.OrderBy(r => r.ReportedAt).Select(r => new ExportReport(r.Id, r.TaskNumber, r.Unit, r.ReporterId, r.ReporterName, r.ReportedAt, r.Period, r.Status,
                r.PercentComplete, r.Summary, r.NextSteps, r.Evidence, r.SourceId, r.MeasuresDone, r.ExpectedCompletionText, r.ExpectedCompletion, r.Reason, r.OnBehalf)).ToList(),
            people.Select(p => new ExportPerson(p.AadObjectId, p.Upn, p.Name, p.Unit, p.Role)).ToList(),
            sends is null ? [] : await sends.ListSendsAsync(cancellationToken),
            conversations is null ? [] : await conversations.ListConversationsAsync(cancellationToken),
            audit is null ? [] : await audit.ReadAllAuditAsync(AuditQuery.All, cancellationToken));
        await JsonSerializer.SerializeAsync(output, document, Options, cancellationToken);
    }

    private sealed record ExportDocument(IReadOnlyList<ExportTask> Tasks, IReadOnlyList<ExportReport> Reports, IReadOnlyList<ExportPerson> People,
        IReadOnlyList<SendRecord> Sends, IReadOnlyList<ConversationAddress> Conversations, IReadOnlyList<AuditEntry> Audit);

    private sealed record ExportTask(int Number, string Category, string Section, string Problem, string Goal, IReadOnlyList<string> Measures,
        DateOnly? Deadline, string DeadlineText, DeadlineKind DeadlineKind, IReadOnlyList<string> LeadUnits, IReadOnlyList<string> ResponsibleUnits,
        string ResponsiblePersons, RectificationStatus Status, int PercentComplete, DateTimeOffset? LastReportAt,
        string LeadUnitsText, string ResponsibleUnitsText, long Version);

    private sealed record ExportReport(string Id, int TaskNumber, string Unit, string ReporterId, string ReporterName, DateTimeOffset ReportedAt,
        string Period, RectificationStatus Status, int PercentComplete, string Summary, string NextSteps, IReadOnlyList<string> Evidence, string SourceId,
        IReadOnlyList<int> MeasuresDone, string ExpectedCompletionText, DateOnly? ExpectedCompletion, string Reason, bool OnBehalf);

    private sealed record ExportPerson(string? AadObjectId, string? Upn, string Name, string Unit, PersonRole Role);
}
