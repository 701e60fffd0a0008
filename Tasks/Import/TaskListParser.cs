namespace RectifyBot.Tasks.Import;

/// <summary>Reads the task list of a plan, from its tables or from its labelled paragraphs, whichever holds more tasks.</summary>
public sealed class TaskListParser(DeadlineReader deadlines)
{
    public ParsedPlan Parse(PlanDocument document, DateOnly reference)
    {
        var table = TableTaskParser.Parse(document);
        var labeled = LabeledTaskParser.Parse(document);
        var (drafts, issues) = table.Drafts.Count >= labeled.Drafts.Count && table.Drafts.Count > 0 ? table : labeled;
        return drafts.Count == 0 ? ParsedPlan.Empty : TaskDrafts.Build(drafts, issues, deadlines, reference);
    }

    public ParsedPlan ParseFile(string path, DateOnly reference) => Parse(ReadFile(path), reference);

    /// <summary>Reads a plan file: .docx through the Open XML SDK, anything else as text (UTF-8, or GB18030 when not UTF-8).</summary>
    public static PlanDocument ReadFile(string path)
    {
        if (path.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = File.OpenRead(path);
            return DocxPlanReader.Read(stream);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
        {
            using var stream = new MemoryStream(bytes);
            return DocxPlanReader.Read(stream);
        }
        return TextPlanReader.Read(TextPlanReader.Decode(bytes, out _));
    }
}
