using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace RectifyBot.Tasks.Import;

/// <summary>Reads a .docx plan with the Open XML SDK: body paragraphs and tables in order; vertically merged cells repeat the cell above.</summary>
public static class DocxPlanReader
{
    public static PlanDocument Read(Stream stream)
    {
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The .docx file has no document body.");
        var paragraphs = new List<SourceParagraph>();
        var tables = new List<SourceTable>();
        var paragraphNumber = 0;

        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Paragraph p:
                    paragraphNumber++;
                    var text = TextPlanReader.Clean(ParagraphText(p)).Trim();
                    if (text.Length > 0)
                    {
                        paragraphs.Add(new SourceParagraph(text, $"paragraph {paragraphNumber}"));
                    }
                    break;
                case Table t:
                    tables.Add(ReadTable(t, tables.Count + 1));
                    break;
            }
        }
        return new PlanDocument(paragraphs, tables);
    }

    private static SourceTable ReadTable(Table table, int tableNumber)
    {
        var rows = new List<IReadOnlyList<string>>();
        var locations = new List<string>();
        List<string>? previous = null;
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var span = properties?.GridSpan?.Val?.Value ?? 1;
                var merge = properties?.VerticalMerge;
                var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var column = cells.Count;
                var text = continues && previous is not null && column < previous.Count
                    ? previous[column]
                    : string.Join("\n", cell.Elements<Paragraph>().Select(ParagraphText).Where(s => s.Trim().Length > 0));
                for (var i = 0; i < span; i++)
                {
                    cells.Add(i == 0 ? text.Trim() : "");
                }
            }
            rows.Add(cells);
            locations.Add($"table {tableNumber} row {rows.Count}");
            previous = cells;
        }
        return new SourceTable(rows, locations);
    }

    private static string ParagraphText(Paragraph paragraph) =>
        string.Concat(paragraph.Descendants().Select(e => e switch
        {
            Text t => t.Text,
            TabChar => "\t",
            Break => "\n",
            _ => "",
        }));
}
