using System.Text;
using DocumentFormat.OpenXml.Packaging;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Import;

/// <summary>Imports a plan's task list into the store in one transaction, and says what it did and what it could not read.</summary>
public sealed class PlanImporter(ITaskStore store, TaskListParser parser, UnitMatcher matcher)
{
    public async Task<ImportSummary> ImportFileAsync(string path, DateOnly reference, CancellationToken cancellationToken = default)
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
        return await ImportAsync(document, path, reference, cancellationToken);
    }

    public async Task<ImportSummary> ImportAsync(PlanDocument document, string source, DateOnly reference, CancellationToken cancellationToken = default)
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
        return new ImportSummary(source, plan.Tasks.Count, outcome, plan.Issues, unmatched, units.Count);
    }
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
