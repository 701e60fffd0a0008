using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Imports a plan's task list into the store in one transaction, and says what it did and what it could not read; and
/// people into the directory. Every import, by whichever path (the command line, the first start's sample), is appended
/// to the audit trail with its source and counts, as done by <c>actor</c> (the bot itself when none is given).
/// </summary>
public sealed class PlanImporter(ITaskStore store, TaskListParser parser, UnitMatcher matcher, AuditTrail? audit = null)
{
    public async Task<ImportSummary> ImportFileAsync(string path, DateOnly reference, CancellationToken cancellationToken = default, AuditActor? actor = null)
    {
        if (!File.Exists(path))
        {
            throw new ImportException($"File not found: {path}");
        }
        PlanDocument document;
        try
        {
            document = TaskListParser.ReadFile(path);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or IOException or FormatException)
        {
            throw new ImportException($"{path} could not be read as a .docx or text plan: {e.Message}");
        }
        return await ImportAsync(document, path, reference, cancellationToken, actor);
    }

    public async Task<ImportSummary> ImportAsync(PlanDocument document, string source, DateOnly reference, CancellationToken cancellationToken = default, AuditActor? actor = null)
    {
        var plan = parser.Parse(document, reference);
        if (plan.Tasks.Count == 0)
        {
            throw new ImportException(
                $"No task list was found in {source}: expected numbered tasks with labelled fields (整改目标/整改措施/整改时限/责任单位) " +
                "or a table with those columns. Nothing was changed.");
        }
        var outcome = await store.ImportTasksAsync(plan.Tasks, cancellationToken);
        var units = (await store.ListPeopleAsync(cancellationToken)).Select(p => p.Unit).Distinct().ToList();
        var unmatched = matcher.FindUnmatched(plan.Tasks, units);
        if (audit is not null)
        {
            await audit.RecordAsync(actor ?? AuditActor.System, AuditActions.PlanImported, subject: FileName(source), cancellationToken: cancellationToken,
                details: string.Create(CultureInfo.InvariantCulture,
                    $"{plan.Tasks.Count} tasks: {outcome.Added.Count} added, {outcome.Updated.Count} updated, {outcome.Unchanged.Count} unchanged; {plan.Issues.Count} field(s) not read"));
        }
        return new ImportSummary(source, plan.Tasks.Count, outcome, plan.Issues, unmatched, units.Count);
    }

    /// <summary>Adds or updates people in the directory from <paramref name="source"/> (a file's name, the sample).</summary>
    public async Task<PeopleOutcome> ImportPeopleAsync(IReadOnlyList<Person> people, string source, int rejected = 0, CancellationToken cancellationToken = default, AuditActor? actor = null)
    {
        var outcome = await store.UpsertPeopleAsync(people, cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(actor ?? AuditActor.System, AuditActions.PeopleImported, subject: FileName(source), cancellationToken: cancellationToken,
                details: string.Create(CultureInfo.InvariantCulture,
                    $"{people.Count} people: {outcome.Added.Count} added, {outcome.Updated.Count} updated, {outcome.Unchanged.Count} unchanged; {rejected} rejected"));
        }
        return outcome;
    }

    /// <summary>A file's name without the folders it was read from (which say nothing to a reviewer); any other source as it is.</summary>
    private static string FileName(string source) => File.Exists(source) ? Path.GetFileName(source) : source;
}

public sealed class ImportException(string message) : Exception(message);

public sealed record ImportSummary(
    string Source,
    int TaskCount,
    TaskImportOutcome Outcome,
    IReadOnlyList<ImportIssue> Issues,
    IReadOnlyList<UnmatchedUnit> UnmatchedUnits,
    int DirectoryUnitCount)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Imported {TaskCount} tasks from {Source}: {Outcome.Added.Count} added, {Outcome.Updated.Count} updated, {Outcome.Unchanged.Count} unchanged.");
        if (Outcome.Added.Count > 0)
        {
            sb.AppendLine($"  added: {NumberRanges.Format(Outcome.Added)}");
        }
        if (Outcome.Updated.Count > 0)
        {
            sb.AppendLine($"  updated: {NumberRanges.Format(Outcome.Updated)} (progress and reports kept)");
        }
        sb.AppendLine(Issues.Count == 0 ? "Every field was read." : $"{Issues.Count} field(s) could not be read:");
        foreach (var issue in Issues)
        {
            sb.AppendLine($"  {issue}");
        }
        if (DirectoryUnitCount == 0)
        {
            sb.AppendLine("The directory is empty, so units were not checked against it (run `people import`).");
        }
        else if (UnmatchedUnits.Count > 0)
        {
            sb.AppendLine($"{UnmatchedUnits.Count} unit(s) match nobody in the directory:");
            foreach (var unit in UnmatchedUnits)
            {
                sb.AppendLine($"  {unit.Name} (task {string.Join(", ", unit.TaskNumbers)})");
            }
        }
        return sb.ToString().TrimEnd();
    }
}
