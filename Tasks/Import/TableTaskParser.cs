using System.Text.RegularExpressions;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Reads a task list laid out as a table: a header row whose cells name the columns (序号, 问题, 整改目标, 整改措施,
/// 整改时限, 牵头单位, 责任单位, 责任人 or their English names), then a row per task. Rows holding only a heading
/// (一、问题类, （一）…) set the category and section of the rows below them.
/// </summary>
internal static partial class TableTaskParser
{
    private enum Column { Number, Category, Section, Problem, Goal, Measures, Deadline, Lead, Responsible, Persons }

    private static readonly (Column Column, Regex Pattern)[] Headers =
    [
        (Column.Number, new Regex(@"^(序号|编号|No\.?|#|Number)$", RegexOptions.IgnoreCase)),
        (Column.Category, new Regex(@"类别|分类|Category", RegexOptions.IgnoreCase)),
        (Column.Lead, new Regex(@"牵头|Lead", RegexOptions.IgnoreCase)),
        (Column.Persons, new Regex(@"责任人|责任领导|牵头领导|Person", RegexOptions.IgnoreCase)),
        (Column.Responsible, new Regex(@"责任单位|责任部门|配合单位|Responsible|Unit", RegexOptions.IgnoreCase)),
        (Column.Deadline, new Regex(@"时限|期限|完成时间|Deadline|Due", RegexOptions.IgnoreCase)),
        (Column.Measures, new Regex(@"措施|Measure|Action", RegexOptions.IgnoreCase)),
        (Column.Goal, new Regex(@"目标|Goal|Target", RegexOptions.IgnoreCase)),
        (Column.Problem, new Regex(@"问题|反馈意见|Problem|Issue|Finding", RegexOptions.IgnoreCase)),
        (Column.Section, new Regex(@"方面|领域|Section", RegexOptions.IgnoreCase)),
    ];

    public static (IReadOnlyList<TaskDraft> Drafts, List<ImportIssue> Issues) Parse(PlanDocument document)
    {
        var drafts = new List<TaskDraft>();
        var issues = new List<ImportIssue>();
        var category = "";
        var section = "";
        foreach (var table in document.Tables)
        {
            Dictionary<Column, int>? columns = null;
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var location = table.RowLocations[r];
                if (columns is null)
                {
                    columns = ReadHeader(row);
                    continue;
                }
                if (ReadHeader(row) is not null)
                {
                    continue; // a header repeated on every page
                }
                string Cell(Column c) => columns.TryGetValue(c, out var i) && i < row.Count ? row[i].Trim() : "";

                var filled = row.Where(c => c.Trim().Length > 0).Distinct().ToList();
                if (filled.Count == 0)
                {
                    continue;
                }
                if (filled.Count == 1 && Cell(Column.Problem) != filled[0] || filled.Count == 1 && columns.Count == 1)
                {
                    ReadHeading(filled[0], ref category, ref section);
                    continue;
                }
                var numberText = Cell(Column.Number);
                int? number = numberText.Length > 0 ? ListMarkers.ParseNumber(Regex.Replace(numberText, @"[\s.．、()（）]", "")) : null;
                if (number is null)
                {
                    number = drafts.Count > 0 ? drafts[^1].Number + 1 : 1;
                    issues.Add(new ImportIssue(location, number, "number", numberText, "no task number in the row; numbered after the previous task"));
                }
                if (Cell(Column.Category) is { Length: > 0 } rowCategory)
                {
                    category = rowCategory;
                }
                if (Cell(Column.Section) is { Length: > 0 } rowSection)
                {
                    section = rowSection;
                }
                drafts.Add(new TaskDraft
                {
                    Number = number.Value,
                    Location = location,
                    Category = category,
                    Section = section,
                    Problem = Cell(Column.Problem),
                    Goal = Cell(Column.Goal),
                    Measures = Cell(Column.Measures),
                    Deadline = columns.ContainsKey(Column.Deadline) ? Cell(Column.Deadline) : null,
                    Lead = Cell(Column.Lead),
                    Responsible = Cell(Column.Responsible),
                    Persons = Cell(Column.Persons),
                });
            }
        }
        return (drafts, issues);
    }

    /// <summary>Columns named by a header row; null unless it names the problem and two more task fields.</summary>
    private static Dictionary<Column, int>? ReadHeader(IReadOnlyList<string> row)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < row.Count; i++)
        {
            var cell = Regex.Replace(row[i], @"\s", "");
            if (cell.Length is 0 or > 12)
            {
                continue;
            }
            foreach (var (column, pattern) in Headers)
            {
                if (pattern.IsMatch(cell) && columns.TryAdd(column, i))
                {
                    break;
                }
            }
        }
        return columns.ContainsKey(Column.Problem) && columns.Count >= 3 ? columns : null;
    }

    private static void ReadHeading(string text, ref string category, ref string section)
    {
        var marker = ListMarkers.FindAll(text, MarkerLevel.Section).FirstOrDefault(m => m.Index == 0);
        if (marker?.Level == MarkerLevel.Chapter)
        {
            category = text[marker.End..].Trim();
            section = "";
        }
        else
        {
            section = text.Trim();
        }
    }
}
