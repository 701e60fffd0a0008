using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Import;

/// <summary>The task list read from a plan, and what of it could not be read.</summary>
public sealed record ParsedPlan(IReadOnlyList<RectificationTask> Tasks, IReadOnlyList<ImportIssue> Issues)
{
    public static readonly ParsedPlan Empty = new([], []);
}

/// <summary>The fields of a task as text, before they are read into a task.</summary>
internal sealed class TaskDraft
{
    public int Number;
    public string Location = "";
    public string Category = "";
    public string Section = "";
    public string Problem = "";
    public string Goal = "";
    public string Measures = "";
    public string? Deadline;
    public string Lead = "";
    public string Responsible = "";
    public string Persons = "";
    public readonly Dictionary<string, string> FieldLocations = [];

    public string LocationOf(string field) => FieldLocations.GetValueOrDefault(field, Location);
}

/// <summary>Turns drafts into tasks: reads deadlines, units and measures, numbers the list and reports what it could not read.</summary>
internal static class TaskDrafts
{
    public static ParsedPlan Build(IReadOnlyList<TaskDraft> drafts, List<ImportIssue> issues, DeadlineReader deadlines, DateOnly reference)
    {
        var ordered = drafts.Select(d => d.Number).ToList();
        var strictlyIncreasing = ordered.Zip(ordered.Skip(1)).All(p => p.Second > p.First);
        if (!strictlyIncreasing)
        {
            // Numbering that restarts under each heading (or repeats): number the tasks in order, and say so.
            for (var i = 0; i < drafts.Count; i++)
            {
                if (drafts[i].Number != i + 1)
                {
                    issues.Add(new ImportIssue(drafts[i].Location, i + 1, "number", drafts[i].Number.ToString(),
                        $"numbered {drafts[i].Number} in the file; the list's numbering restarts or repeats, so tasks are numbered in order"));
                    drafts[i].Number = i + 1;
                }
            }
        }

        // Reading a deadline costs ~1.5 ms in the recognizer and lists repeat the same few texts, so each distinct
        // text is read once, the distinct ones in parallel (the recognizer's models are safe to share across threads).
        var deadlineTexts = drafts.Where(d => d.Deadline is not null).Select(d => ListMarkers.Tidy(d.Deadline!)).Distinct().ToList();
        var read = deadlineTexts.AsParallel().Select(text => (Text: text, Deadline: deadlines.Read(text, reference))).ToDictionary(x => x.Text, x => x.Deadline);

        var tasks = new List<RectificationTask>();
        foreach (var d in drafts)
        {
            var problem = ListMarkers.Tidy(d.Problem);
            if (problem.Length == 0)
            {
                issues.Add(new ImportIssue(d.Location, d.Number, "problem", "", "the problem text was not found"));
            }
            Deadline deadline;
            if (d.Deadline is null)
            {
                deadline = Model.Deadline.Unknown("");
                issues.Add(new ImportIssue(d.Location, d.Number, "deadline", "", "no deadline (整改时限) was found"));
            }
            else
            {
                deadline = read[ListMarkers.Tidy(d.Deadline)];
                if (deadline.Kind == DeadlineKind.Unknown || (deadline.Kind == DeadlineKind.Dated && deadline.Date is null))
                {
                    issues.Add(new ImportIssue(d.LocationOf("deadline"), d.Number, "deadline", deadline.Text, "the deadline could not be read as a date; kept as text"));
                }
            }
            var lead = Units.UnitListParser.Parse(ListMarkers.Tidy(d.Lead) is var l && l is "无" or "/" or "-" or "—" ? "" : l);
            var responsible = Units.UnitListParser.Parse(ListMarkers.Tidy(d.Responsible));
            if (lead.Names.Count == 0 && responsible.Names.Count == 0)
            {
                issues.Add(new ImportIssue(d.Location, d.Number, "responsibleUnits", "", "no lead or responsible unit was found"));
            }
            tasks.Add(new RectificationTask
            {
                Number = d.Number,
                Category = ListMarkers.Tidy(d.Category),
                Section = ListMarkers.Tidy(d.Section),
                Problem = problem,
                Goal = ListMarkers.Tidy(d.Goal),
                Measures = ListMarkers.SplitNumbered(d.Measures.Trim()),
                Deadline = deadline,
                LeadUnits = lead,
                ResponsibleUnits = responsible,
                ResponsiblePersons = ListMarkers.Tidy(d.Persons),
            });
        }
        return new ParsedPlan(tasks, issues);
    }
}
