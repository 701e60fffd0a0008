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

    /// <summary>Header cells, matched whole (a data cell such as 问题甲 is not a header).</summary>
    private static readonly (Column Column, Regex Pattern)[] Headers =
    [
        (Column.Number, Whole(@"序号|编号|No\.?|#|Number")),
        (Column.Category, Whole(@"(问题)?(类别|分类|类型)|Category")),
        (Column.Persons, Whole(@"(具体)?责任人|责任领导|牵头领导|督办领导|Responsible persons?|Persons? responsible|Persons?")),
        (Column.Lead, Whole(@"牵头(单位|部门)?|Lead( units?)?")),
        (Column.Responsible, Whole(@"(整改)?(责任|配合|协办)(单位|部门)|Responsible( units?)?|Units?")),
        (Column.Deadline, Whole(@"(整改|完成)?(时限|期限|时间)(要求)?|Deadlines?|Due( date)?")),
        (Column.Measures, Whole(@"(整改|具体|工作)?措施|Measures|Actions")),
        (Column.Goal, Whole(@"(整改)?目标(要求)?|Goals?|Targets?")),
        (Column.Problem, Whole(@"(存在|反馈|督察反馈|主要)?(的)?问题(描述|内容|清单)?|(督察)?反馈意见|整改(任务|事项)|Problems?|Issues?|Findings?")),
        (Column.Section, Whole(@"方面|领域|Section")),
    ];

    private static Regex Whole(string alternatives) => new($"^(?:{alternatives})$", RegexOptions.IgnoreCase);

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

    /// <summary>Whether a row is a header: its cells name the problem and two more task fields.</summary>
    public static bool IsHeader(IReadOnlyList<string> row) => ReadHeader(row) is not null;

    /// <summary>Columns named by a header row; null unless it names the problem and two more task fields.</summary>
    private static Dictionary<Column, int>? ReadHeader(IReadOnlyList<string> row)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < row.Count; i++)
        {
            var cell = Regex.Replace(row[i], @"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "");
            if (cell.Length is 0 or > 24)
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
