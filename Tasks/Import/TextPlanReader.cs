using System.Text;
using System.Text.RegularExpressions;

namespace RectifyBot.Tasks.Import;

/// <summary>
/// Reads a plan from text as document sites and PDF/Word extraction leave it: page footers (<c>- 6 -</c>, 第6页),
/// site chrome, and a site's chunk markers (<c>7、</c> at the start of every chunk, splitting sentences anywhere)
/// are removed; tab- or pipe-separated lines are read as tables (pipes with or without the outer ones:
/// <c>| 序号 | 问题 | … |</c> or <c>序号|问题|…</c>).
/// </summary>
public static partial class TextPlanReader
{
    [GeneratedRegex(@"[-－—–]\s+\d{1,3}\s+[-－—–]|[－—–]\d{1,3}[－—–]")]
    private static partial Regex InlineFooter();

    [GeneratedRegex(@"^\s*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|.*\.(?:docx?|pdf|wps)_第\d+页|[-－—–]?\s*\d{1,3}\s*[-－—–]?|Page\s+\d+(?:\s+of\s+\d+)?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FooterLine();

    [GeneratedRegex(@"展开阅读全文|点击查看更多|^\s*相关资源\s*$|^\s*相关搜索\s*$|^\s*资源描述\s*$|当前位置[:：]|Copyright|All rights reserved|备案号|^上传人[:：]|^\s*下载\s+相关\s+举报|文档编号[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex SiteChrome();

    [GeneratedRegex(@"^\s*(\d{1,4})、")]
    private static partial Regex ChunkMarker();

    [GeneratedRegex(@"[。！？；：:.!?;」”’)）]\s*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?:整改时限|完成时限|责任单位|牵头单位|Deadline|Responsible)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex TaskFieldLabel();

    public static PlanDocument Read(string text)
    {
        var lines = AddOuterPipes(text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'));
        var chunkLines = FindChunkRun(lines);
        var paragraphs = new List<SourceParagraph>();
        var tables = new List<SourceTable>();
        List<SourcePiece>? merged = null;
        List<(string[] Cells, string Location)>? tableRows = null;

        for (var i = 0; i < lines.Length; i++)
        {
            var location = $"line {i + 1}";
            var line = lines[i];
            if (chunkLines.Contains(i))
            {
                merged ??= [];
                merged.Add(new SourcePiece(Clean(ChunkMarker().Replace(line, "", 1)), location));
                continue;
            }
            if (string.IsNullOrWhiteSpace(line) && merged is not null && chunkLines.Any(c => c > i))
            {
                continue; // blank lines between a site's chunks
            }
            Flush();

            if (TryTableRow(line, out var cells))
            {
                (tableRows ??= []).Add((cells, location));
                continue;
            }
            if (tableRows is { Count: > 0 } && line.Trim().Length > 0 && NextTableRowFollows(lines, i))
            {
                tableRows.Add(([line.Trim()], location)); // a heading row (一、问题类) inside a table
                continue;
            }
            FlushTable();
            if (FooterLine().IsMatch(line) || SiteChrome().IsMatch(line))
            {
                continue;
            }
            var cleaned = Clean(line);
            if (cleaned.Trim().Length > 0)
            {
                paragraphs.Add(new SourceParagraph(cleaned.Trim(), location));
            }
        }
        Flush();
        FlushTable();
        return new PlanDocument(paragraphs, tables);

        void Flush()
        {
            if (merged is { Count: > 0 })
            {
                paragraphs.Add(new SourceParagraph(merged));
            }
            merged = null;
        }

        void FlushTable()
        {
            if (tableRows is { Count: >= 2 })
            {
                tables.Add(new SourceTable(tableRows.Select(r => (IReadOnlyList<string>)r.Cells).ToList(), tableRows.Select(r => r.Location).ToList()));
            }
            else if (tableRows is { Count: 1 })
            {
                var (cells, location) = tableRows[0];
                paragraphs.Add(new SourceParagraph(string.Join(" ", cells), location));
            }
            tableRows = null;
        }
    }

    /// <summary>Removes inline page footers; keeps everything else as it is.</summary>
    public static string Clean(string text) => InlineFooter().Replace(text, "");

    /// <summary>
    /// A site's chunk markers: at least three non-empty lines numbered 1、2、3、… in a row, long, most of them
    /// ending mid-sentence, and not each a task of its own (a list numbered 1、2、3、 one task a line).
    /// </summary>
    private static HashSet<int> FindChunkRun(string[] lines)
    {
        var best = new List<int>();
        var run = new List<int>();
        var expected = 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var m = ChunkMarker().Match(lines[i]);
            if (m.Success && int.Parse(m.Groups[1].Value) == expected)
            {
                run.Add(i);
                expected++;
                continue;
            }
            if (run.Count > best.Count)
            {
                best = run;
            }
            run = [];
            expected = 1;
            if (m.Success && int.Parse(m.Groups[1].Value) == 1)
            {
                run.Add(i);
                expected = 2;
            }
        }
        if (run.Count > best.Count)
        {
            best = run;
        }
        if (best.Count < 3)
        {
            return [];
        }
        var averageLength = best.Average(i => lines[i].Trim().Length);
        var midSentence = best.SkipLast(1).Count(i => !SentenceEnd().IsMatch(lines[i]));
        var taskLines = best.Count(i => TaskFieldLabel().IsMatch(lines[i]));
        return averageLength >= 150 && midSentence * 2 >= best.Count - 1 && taskLines * 5 < best.Count * 4 ? [.. best] : [];
    }

    /// <summary>
    /// Writes a table whose rows have no outer pipes (<c>1|问题|目标|措施|2019年6月底|市水务局</c>) with them, so it is
    /// read like the outer-pipe form. Only a run that starts with a header row naming the columns (as
    /// <see cref="TableTaskParser"/> reads headers) counts; the run holds the rows with as many cells as the header,
    /// a <c>---|---</c> rule line, and heading lines without pipes (一、问题类), and ends at a blank line or a line
    /// with another number of cells. A sentence with a pipe or two in it stays a sentence.
    /// </summary>
    private static string[] AddOuterPipes(string[] lines)
    {
        int? cellCount = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.Contains('\t') || (line.StartsWith('|') && line.EndsWith('|') && line.Length > 1))
            {
                cellCount = null;
                continue;
            }
            if (!line.Contains('|'))
            {
                continue; // a heading inside the table, or prose before it
            }
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cellCount is not null && cells.Length != cellCount && !IsRuleLine(cells))
            {
                cellCount = null;
            }
            if (cellCount is null && cells.Length >= 3 && TableTaskParser.IsHeader(cells))
            {
                cellCount = cells.Length;
            }
            if (cellCount is not null)
            {
                lines[i] = $"|{line}|";
            }
        }
        return lines;
    }

    private static bool NextTableRowFollows(string[] lines, int index)
    {
        for (var j = index + 1; j < lines.Length; j++)
        {
            if (lines[j].Trim().Length > 0)
            {
                return TryTableRow(lines[j], out var cells) && cells.Length > 0;
            }
        }
        return false;
    }

    /// <summary>A Markdown table's rule line: every cell dashes (<c>---</c>, <c>:--:</c>).</summary>
    private static bool IsRuleLine(string[] cells) => cells.All(c => RuleCell().IsMatch(c));

    [GeneratedRegex(@"^:?-{2,}:?$")]
    private static partial Regex RuleCell();

    private static bool TryTableRow(string line, out string[] cells)
    {
        cells = [];
        var trimmed = line.Trim();
        if (trimmed.Contains('\t'))
        {
            cells = trimmed.Split('\t').Select(c => c.Trim()).ToArray();
        }
        else if (trimmed.StartsWith('|') && trimmed.EndsWith('|') && trimmed.Length > 2)
        {
            cells = trimmed[1..^1].Split('|').Select(c => c.Trim()).ToArray();
            if (IsRuleLine(cells))
            {
                cells = [];
                return true; // a Markdown table's rule line
            }
        }
        return cells.Length >= 3;
    }

    /// <summary>Decodes a text file: UTF-8 (with or without BOM, or UTF-16 with BOM); GB18030 when it is not valid UTF-8.</summary>
    public static string Decode(byte[] bytes, out string encodingName)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            var text = reader.ReadToEnd();
            encodingName = reader.CurrentEncoding.WebName;
            return text;
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            encodingName = "gb18030";
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }
}
