using System.Text;
using System.Text.RegularExpressions;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Reads a task list written as numbered items with labelled fields (整改目标：… 整改措施：… 整改时限：… 责任单位：…),
/// however the extraction ran them together. A label already seen in the current task starts the next one; the
/// next task's number and any headings before it (二、整改类（五）…) are split off the end of the previous field.
/// </summary>
internal static partial class LabeledTaskParser
{
    private enum Label
    {
        Problem,
        Goal,
        Measures,
        Deadline,
        Lead,
        Responsible,
        Cooperating,
        Persons,
        Leaders,
    }

    private sealed record Hit(Label Kind, int Index, int End);

    [GeneratedRegex(@"(?<label>整改目标|整改目的|目标要求|整改措施|具体措施|工作措施|整改时限|完成时限|整改期限|时限要求|完成时间|牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|责任人|牵头领导|责任领导|督办领导|存在问题|反馈问题|问题描述|主要问题|Problem|Issue|Goals?|Targets?|Measures|Actions|Deadline|Due date|Lead units?|Responsible units?|Co-?operating units?|Responsible persons?|Persons? responsible)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex LabelPattern();

    private static Label KindOf(string label) => label.ToLowerInvariant() switch
    {
        "整改目标" or "整改目的" or "目标要求" or "goal" or "goals" or "target" or "targets" => Label.Goal,
        "整改措施" or "具体措施" or "工作措施" or "measures" or "actions" => Label.Measures,
        "整改时限" or "完成时限" or "整改期限" or "时限要求" or "完成时间" or "deadline" or "due date" => Label.Deadline,
        "牵头单位" or "牵头部门" or "lead unit" or "lead units" => Label.Lead,
        "责任单位" or "责任部门" or "responsible unit" or "responsible units" => Label.Responsible,
        "配合单位" or "协办单位" or "cooperating unit" or "cooperating units" or "co-operating unit" or "co-operating units" => Label.Cooperating,
        "责任人" or "responsible person" or "responsible persons" or "person responsible" or "persons responsible" => Label.Persons,
        "牵头领导" or "责任领导" or "督办领导" => Label.Leaders,
        _ => Label.Problem,
    };

    /// <summary>Fields that fit on one line: their value ends with its paragraph.</summary>
    private static bool IsSingleLine(Label kind) => kind is Label.Deadline or Label.Lead or Label.Responsible or Label.Cooperating or Label.Persons or Label.Leaders;

    public static (IReadOnlyList<TaskDraft> Drafts, List<ImportIssue> Issues) Parse(PlanDocument document)
    {
        var (text, locations) = Join(document.Paragraphs);
        var issues = new List<ImportIssue>();
        var groups = Group(LabelPattern().Matches(text).Select(m => new Hit(KindOf(m.Groups["label"].Value), m.Index, m.Index + m.Length)));
        if (groups.Count == 0)
        {
            return ([], issues);
        }

        string Where(int offset) => locations[Math.Max(0, locations.FindLastIndex(l => l.Offset <= offset))].Location;

        // The first task's marker: the last "1" marker (1. / (一) / 一、) before its first label; its level is the list's.
        var preamble = text[..groups[0][0].Index];
        var first = ListMarkers.FindAll(preamble, MarkerLevel.Item).LastOrDefault(m => m.Number == 1)
            ?? ListMarkers.FindAll(preamble, MarkerLevel.Item).LastOrDefault();
        var level = first?.Level ?? MarkerLevel.Item;

        var drafts = new List<TaskDraft>();
        var category = "";
        var section = "";
        var headerStart = first is null ? preamble.LastIndexOf('\n') + 1 : ExtendOverHeadings(text, 0, first, level);
        var marker = first;

        for (var g = 0; g < groups.Count; g++)
        {
            var hits = groups[g];
            var draft = new TaskDraft { Number = marker?.Number ?? (drafts.Count > 0 ? drafts[^1].Number + 1 : 1), Location = Where(headerStart) };
            if (marker is null)
            {
                issues.Add(new ImportIssue(draft.Location, draft.Number, "number", "", "no task number was found; numbered after the previous task"));
            }
            ReadHeader(text[headerStart..hits[0].Index], level, ref category, ref section, draft);
            draft.Category = category;
            draft.Section = section;

            for (var i = 0; i < hits.Count; i++)
            {
                var hit = hits[i];
                int end;
                if (i + 1 < hits.Count)
                {
                    end = hits[i + 1].Index;
                }
                else if (g + 1 < groups.Count)
                {
                    // The next task's number and headings sit at the end of this value.
                    var region = text[hit.End..groups[g + 1][0].Index];
                    var expected = draft.Number + 1;
                    var markers = ListMarkers.Find(region, level);
                    marker = markers.FirstOrDefault(m => m.Number == expected) ?? markers.FirstOrDefault(m => m.Number == 1) ?? markers.LastOrDefault();
                    var split = marker is null ? Math.Max(0, region.LastIndexOf('\n') + 1) : ExtendOverHeadings(region, 0, marker, level);
                    marker = marker is null ? null : marker with { Index = marker.Index + hit.End };
                    end = hit.End + split;
                    headerStart = end;
                }
                else
                {
                    end = text.Length;
                }
                var value = text[hit.End..end];
                if (IsSingleLine(hit.Kind))
                {
                    var trimmed = value.TrimStart();
                    var newline = trimmed.IndexOf('\n');
                    value = newline >= 0 ? trimmed[..newline] : trimmed;
                }
                Assign(draft, hit.Kind, value, Where(hit.Index));
            }
            drafts.Add(draft);
        }
        return (drafts, issues);
    }

    /// <summary>Groups label hits into tasks: a label the current task already has starts the next; a lone label is not a task.</summary>
    private static List<List<Hit>> Group(IEnumerable<Hit> hits)
    {
        var groups = new List<List<Hit>>();
        var current = new List<Hit>();
        foreach (var hit in hits)
        {
            if (current.Count > 0 && (hit.Kind == Label.Problem || current.Any(c => c.Kind == hit.Kind)))
            {
                groups.Add(current);
                current = [];
            }
            current.Add(hit);
        }
        groups.Add(current);

        // A group of one kind of label is no task (a stray "整改目标：" in the preamble, or a field written twice).
        var tasks = new List<List<Hit>>();
        foreach (var group in groups)
        {
            var isTask = group.Select(h => h.Kind).Distinct().Count() >= 2 && group.Any(h => h.Kind is Label.Deadline or Label.Responsible or Label.Lead or Label.Measures);
            if (isTask)
            {
                tasks.Add(group);
            }
            else if (tasks.Count > 0)
            {
                tasks[^1].AddRange(group);
            }
        }
        return tasks;
    }

    /// <summary>Moves a task marker's start back over the headings right before it (二、整改类（五）标题).</summary>
    private static int ExtendOverHeadings(string text, int offset, ListMarker marker, MarkerLevel level)
    {
        var start = marker.Index;
        var headings = Enum.GetValues<MarkerLevel>().Where(l => l < level)
            .SelectMany(l => ListMarkers.Find(text[..marker.Index], l))
            .OrderByDescending(m => m.Index);
        foreach (var h in headings)
        {
            var between = text[h.Index..start];
            if (start - h.Index > 120 || between.Contains('。'))
            {
                break;
            }
            start = h.Index;
        }
        return offset + start;
    }

    /// <summary>Reads 二、整改类（五）标题5.问题… into category, section, number and problem.</summary>
    private static void ReadHeader(string header, MarkerLevel level, ref string category, ref string section, TaskDraft draft)
    {
        var markers = ListMarkers.FindAll(header, level).ToList();
        var position = 0;
        foreach (var m in markers)
        {
            if (m.Index < position || header[position..m.Index].Trim().Length > 0 && m.Level != level)
            {
                continue;
            }
            var next = markers.FirstOrDefault(n => n.Index >= m.End && n.Level <= level);
            if (m.Level == level)
            {
                draft.Number = m.Number;
                draft.Problem = header[m.End..];
                return;
            }
            var heading = header[m.Index..(next?.Index ?? header.Length)].Trim();
            if (m.Level == MarkerLevel.Section && level == MarkerLevel.Item)
            {
                section = heading;
            }
            else
            {
                category = header[m.End..(next?.Index ?? header.Length)].Trim();
                section = "";
            }
            position = next?.Index ?? header.Length;
        }
        draft.Problem = header[position..];
    }

    private static void Assign(TaskDraft draft, Label kind, string value, string location)
    {
        switch (kind)
        {
            case Label.Problem: draft.Problem = Append(draft.Problem, value); break;
            case Label.Goal: draft.Goal = Append(draft.Goal, value); break;
            case Label.Measures: draft.Measures = Append(draft.Measures, value); break;
            case Label.Deadline: draft.Deadline = value; draft.FieldLocations["deadline"] = location; break;
            case Label.Lead: draft.Lead = Append(draft.Lead, value); break;
            case Label.Responsible:
            case Label.Cooperating: draft.Responsible = Append(draft.Responsible, value, "，"); break;
            case Label.Persons:
            case Label.Leaders: draft.Persons = Append(draft.Persons, value, "；"); break;
        }
    }

    private static string Append(string existing, string value, string separator = "\n") =>
        existing.Length == 0 ? value.Trim() : existing + separator + value.Trim();

    private static (string Text, List<(int Offset, string Location)> Locations) Join(IReadOnlyList<SourceParagraph> paragraphs)
    {
        var sb = new StringBuilder();
        var locations = new List<(int, string)> { (0, paragraphs.FirstOrDefault()?.Pieces[0].Location ?? "line 1") };
        foreach (var paragraph in paragraphs)
        {
            foreach (var piece in paragraph.Pieces)
            {
                locations.Add((sb.Length, piece.Location));
                sb.Append(piece.Text);
            }
            sb.Append('\n');
        }
        return (sb.ToString(), locations);
    }
}
