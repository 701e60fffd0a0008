using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Export;

/// <summary>
/// Writes a <see cref="QuarterReport"/> as an Excel workbook (.xlsx) of four sheets: summary, tasks, reports, supervision
/// notices issued in the quarter. Dates are Excel date numbers in China time with a date or date-time format,
/// percents and counts are numbers, text is inline; each sheet has set column widths, a frozen header row and an
/// auto-filter on it, so the file opens cleanly in Excel and WPS. The words come from <paramref name="text"/> (a key to
/// its text in the reader's language), so the layout holds no language.
/// </summary>
public static class QuarterWorkbook
{
    /// <summary>The keys of the sheets' names, in order; their texts come from the caller.</summary>
    public static readonly IReadOnlyList<string> SheetKeys = ["quarter.sheet.summary", "quarter.sheet.tasks", "quarter.sheet.reports", "quarter.sheet.notices"];

    public static readonly IReadOnlyList<string> SummaryColumns = ["quarter.summary.item", "quarter.summary.value", "quarter.summary.detail"];

    public static readonly IReadOnlyList<string> TaskColumns =
    [
        "quarter.task.number", "quarter.task.problem", "quarter.task.lead", "quarter.task.responsible", "quarter.task.deadline",
        "quarter.task.status", "quarter.task.percent", "quarter.task.lastReport", "quarter.task.reports", "quarter.task.missing",
    ];

    public static readonly IReadOnlyList<string> ReportColumns =
    [
        "quarter.report.task", "quarter.report.period", "quarter.report.unit", "quarter.report.reporter", "quarter.report.at",
        "quarter.report.status", "quarter.report.percent", "quarter.report.summary", "quarter.report.evidence",
    ];

    public static readonly IReadOnlyList<string> NoticeColumns =
    [
        "quarter.notice.number", "quarter.notice.task", "quarter.notice.units", "quarter.notice.issued", "quarter.notice.reason",
        "quarter.notice.replyBy", "quarter.notice.acknowledged", "quarter.notice.answered", "quarter.notice.closed",
    ];

    // Cell formats of the stylesheet, by index.
    private const uint Plain = 0, Header = 1, DateStyle = 2, DateTimeStyle = 3, Wrapped = 4;

    /// <summary>Writes the workbook to <paramref name="stream"/> (which must be writable and seekable, such as a file or memory stream).</summary>
    public static void Write(QuarterReport report, Func<string, string> text, Stream stream)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = BuildStylesheet();
        var sheets = workbookPart.Workbook.AppendChild(new Sheets());
        var filters = new DefinedNames();

        var status = (RectificationStatus s) => text("status." + s);
        AddSheet(0, text(SheetKeys[0]), SummaryColumns.Select(text).ToList(), [18, 14, 60], SummaryRows(report, text, status));
        AddSheet(1, text(SheetKeys[1]), TaskColumns.Select(text).ToList(), [8, 50, 28, 36, 14, 12, 10, 50, 10, 24], TaskRows(report, status));
        AddSheet(2, text(SheetKeys[2]), ReportColumns.Select(text).ToList(), [8, 10, 20, 16, 18, 12, 10, 60, 40], ReportRows(report, status));
        AddSheet(3, text(SheetKeys[3]), NoticeColumns.Select(text).ToList(), [16, 8, 28, 18, 40, 14, 12, 12, 20], NoticeRows(report, text));

        workbookPart.Workbook.AppendChild(filters);
        workbookPart.Workbook.Save();

        void AddSheet(uint index, string name, IReadOnlyList<string> headers, double[] widths, IEnumerable<Row> rows)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData(HeaderRow(headers));
            var last = 1u;
            foreach (var row in rows)
            {
                data.AppendChild(row);
                last = row.RowIndex!.Value;
            }
            var range = $"A1:{ColumnName(headers.Count)}{last}";
            part.Worksheet = new Worksheet(
                new SheetDimension { Reference = range },
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { TabSelected = index == 0, WorkbookViewId = 0U }),
                new SheetFormatProperties { DefaultRowHeight = 15D },
                new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
                data,
                new AutoFilter { Reference = range });
            part.Worksheet.Save();
            sheets.AppendChild(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = index + 1, Name = SheetName(name) });
            // Excel names a filtered range _FilterDatabase; without it, some versions repair the file on opening.
            filters.AppendChild(new DefinedName($"'{SheetName(name).Replace("'", "''", StringComparison.Ordinal)}'!$A$1:${ColumnName(headers.Count)}${last}")
            {
                Name = "_xlnm._FilterDatabase",
                LocalSheetId = index,
                Hidden = true,
            });
        }
    }

    private static IEnumerable<Row> SummaryRows(QuarterReport report, Func<string, string> text, Func<RectificationStatus, string> status)
    {
        var rows = new List<Cell[]>();
        rows.Add([Text(text("quarter.summary.quarter")), Text(report.Quarter.ToString())]);
        rows.Add([Text(text("quarter.summary.asOf")), Date(report.AsOf)]);
        rows.Add([Text(text("quarter.summary.tasks")), Number(report.Tasks.Count)]);
        foreach (var s in Enum.GetValues<RectificationStatus>())
        {
            rows.Add([Text(status(s)), Number(report.CountWithStatus(s))]);
        }
        rows.Add([Text(text("quarter.summary.finished")), Number(report.Finished)]);
        rows.Add([Text(text("quarter.summary.overdue")), Number(report.Overdue), Wrap(string.Join(", ", report.Tasks.Where(t => t.Overdue).Select(t => t.Task.Number)))]);
        rows.Add([Text(text("quarter.summary.reports")), Number(report.Reports.Count)]);
        rows.Add([Text(text("quarter.summary.unitsMissing")), Number(report.UnitsMissingAMonth.Count), Wrap(string.Join("、", report.UnitsMissingAMonth))]);
        return rows.Select((cells, i) => Row((uint)i + 2, cells));
    }

    private static IEnumerable<Row> TaskRows(QuarterReport report, Func<RectificationStatus, string> status) =>
        report.Tasks.Select((line, i) =>
        {
            var task = line.Task;
            var last = line.Standing.LastReport;
            return Row((uint)i + 2,
                Number(task.Number),
                Wrap(task.Problem),
                Wrap(task.LeadUnits.Text),
                Wrap(task.ResponsibleUnits.Text),
                task.Deadline.Date is { } date ? Date(date) : Wrap(task.Deadline.Text),
                Text(status(line.Standing.Status)),
                Number(line.Standing.PercentComplete),
                Wrap(last is null ? "" : $"{PlanClock.ToPlanDate(last.ReportedAt):yyyy-MM-dd} {last.ReporterName}：{last.Summary}"),
                Number(line.ReportsInQuarter),
                Text(string.Join(", ", line.MonthsMissing)));
        });

    /// <summary>
    /// A notice a row: its code, task, units, when issued, reason, reply-by date, acknowledged and answered of its
    /// recipients (2/3), and its state (closed with the day, or open).
    /// </summary>
    private static IEnumerable<Row> NoticeRows(QuarterReport report, Func<string, string> text) =>
        report.Notices.Select((n, i) => Row((uint)i + 2,
            Text(string.Format(CultureInfo.InvariantCulture, text("notice.codeTemplate"), n.Year, n.Number)),
            Number(n.TaskNumber),
            Wrap(string.Join("、", n.Units)),
            DateTime(n.IssuedAt),
            Wrap(n.Note.Length > 0 ? $"{n.Reason}（{n.Note}）" : n.Reason),
            Date(n.ReplyBy),
            Text($"{n.Acknowledged}/{n.Recipients.Count}"),
            Text($"{n.Answered}/{n.Recipients.Count}"),
            Text(n.State == NoticeState.Closed && n.ClosedAt is { } closed ? $"{text("notice.state.closed")} {PlanClock.ToPlanDate(closed):yyyy-MM-dd}" : text("notice.state.open"))));

    private static IEnumerable<Row> ReportRows(QuarterReport report, Func<RectificationStatus, string> status) =>
        report.Reports.Select((r, i) => Row((uint)i + 2,
            Number(r.TaskNumber),
            Text(r.Period),
            Wrap(r.Unit),
            Text(r.ReporterName),
            DateTime(r.ReportedAt),
            Text(status(r.Status)),
            Number(r.PercentComplete),
            Wrap(r.Summary),
            Wrap(string.Join("\n", r.Evidence))));

    /// <summary>The Excel date number of an instant, as the plan's users read it (China time; Excel dates have no zone).</summary>
    public static double ToExcelDate(DateTimeOffset instant) => PlanClock.ToPlanTime(instant).DateTime.ToOADate();

    /// <summary>The instant an Excel date number written by <see cref="ToExcelDate(DateTimeOffset)"/> stands for.</summary>
    public static DateTimeOffset FromExcelDate(double value)
    {
        var local = System.DateTime.FromOADate(value);
        return new DateTimeOffset(local, PlanClock.Zone.GetUtcOffset(local));
    }

    private static Row HeaderRow(IReadOnlyList<string> headers) => Row(1, [.. headers.Select(h => Text(h, Header))]);

    private static Row Row(uint index, params Cell[] cells)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i].CellReference = ColumnName(i + 1) + index.ToString(CultureInfo.InvariantCulture);
            row.AppendChild(cells[i]);
        }
        return row;
    }

    private static Cell Text(string value, uint style = Plain) => new(new InlineString(new Text(Clean(value)) { Space = SpaceProcessingModeValues.Preserve }))
    {
        DataType = CellValues.InlineString,
        StyleIndex = style,
    };

    private static Cell Wrap(string value) => Text(value, Wrapped);

    private static Cell Number(double value) => new(new CellValue(value)) { StyleIndex = Plain };

    private static Cell Date(DateOnly date) => new(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate())) { StyleIndex = DateStyle };

    private static Cell DateTime(DateTimeOffset instant) => new(new CellValue(ToExcelDate(instant))) { StyleIndex = DateTimeStyle };

    /// <summary>Text as XML can carry it: control characters other than tab and line breaks, and lone surrogates, dropped; at most Excel's 32,767 characters.</summary>
    private static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length && builder.Length < 32767; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                if (builder.Length + 2 > 32767)
                {
                    break;
                }
                builder.Append(c).Append(value[++i]);
            }
            else if (!char.IsSurrogate(c) && (c >= 0x20 || c is '\t' or '\n' or '\r') && c is not '\uFFFE' and not '\uFFFF')
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>A sheet name Excel accepts: without []:*?/\ and at most 31 characters.</summary>
    private static string SheetName(string name)
    {
        var cleaned = new string([.. name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim('\'');
        return cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    /// <summary>The letters of a 1-based column number: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26)
        {
            name = (char)('A' + (number - 1) % 26) + name;
        }
        return name;
    }

    private static Stylesheet BuildStylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164U, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 165U, FormatCode = "yyyy-mm-dd hh:mm" })
        { Count = 2U },
        new Fonts(
            new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }))
        { Count = 2U },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2U },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
        new CellFormats(
            new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true })
            { NumberFormatId = 0U, FontId = 1U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyFont = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true })
            { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true })
        { Count = 5U },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
}
