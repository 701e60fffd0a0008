using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using RectifyBot.Bot.Cli;
using RectifyBot.Cards;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>The <c>quarter</c> command: the sample plan with reports filed across 2019Q1, written and opened again as a workbook.</summary>
public sealed class QuarterWorkbookTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-quarter-").FullName;

    private string DbPath => Path.Combine(_folder, "quarter.db");

    private string Db => $"--Store:Sqlite:Path={DbPath}";

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RectifyCommandLine.RunAsync([.. args, Db], output, error, new StringReader(""), bound.Token);
        return (exit, output.ToString(), error.ToString());
    }

    private static ProgressReport Report(int task, string period, string unit, string reporter, DateTimeOffset at, RectificationStatus status, int percent, string summary, params string[] evidence) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        TaskNumber = task,
        Unit = unit,
        ReporterId = reporter == "水务局联络员" ? "u-water" : "u-agri",
        ReporterName = reporter,
        ReportedAt = at,
        Period = period,
        Status = status,
        PercentComplete = percent,
        Summary = summary,
        Evidence = evidence,
        SourceId = "src-" + Guid.NewGuid().ToString("N"),
    };

    /// <summary>The sample, with reports in January, February and March 2019, one from December before and one from April after.</summary>
    private async Task<List<ProgressReport>> LoadSampleWithReportsAsync()
    {
        Assert.Equal(0, (await RunAsync("demo")).Exit);
        var store = new SqliteTaskStore(DbPath, new UnitMatcher());
        List<ProgressReport> reports =
        [
            Report(2, "2018-12", "市农业农村局", "农业农村局联络员", new(2018, 12, 20, 10, 0, 0, China), RectificationStatus.InProgress, 30, "十二月进展"),
            Report(3, "2019-01", "市水务局", "水务局联络员", new(2019, 1, 10, 10, 30, 0, China), RectificationStatus.InProgress, 20, "福新泵站开工"),
            Report(3, "2019-02", "市水务局", "水务局联络员", new(2019, 2, 14, 16, 45, 12, China), RectificationStatus.InProgress, 35, "福新泵站主体施工\n管网同步推进"),
            Report(2, "2019-03", "市农业农村局", "农业农村局联络员", new(2019, 3, 12, 9, 15, 0, China), RectificationStatus.InProgress, 50, "禁养区回头看完成",
                "https://example.org/a.jpg", "https://example.org/b.pdf"),
            Report(3, "2019-04", "市水务局", "水务局联络员", new(2019, 4, 10, 11, 0, 0, China), RectificationStatus.Lagging, 30, "受汛期影响进度滞后"),
        ];
        foreach (var report in reports)
        {
            Assert.Equal(ReportOutcome.Stored, (await store.SubmitReportAsync(report, null)).Outcome);
        }
        return reports;
    }

    [Fact]
    public async Task A_quarter_is_written_as_four_sheets_with_the_tasks_as_they_stood_at_its_end_and_its_reports()
    {
        var filed = await LoadSampleWithReportsAsync();
        var file = Path.Combine(_folder, "q1.xlsx");
        var (exit, output, error) = await RunAsync("quarter", "--quarter", "2019Q1", "-o", file, "--Clock:Today=2019-06-01");
        Assert.True(exit == 0, error);
        Assert.Contains("2019Q1 as of 2019-03-31, 4 tasks, 3 reports", output);

        using var workbook = SpreadsheetDocument.Open(file, false);
        AssertValid(workbook);
        Assert.Equal(["汇总", "任务", "报告", "督办函"], SheetNames(workbook));
        AssertHeaders(workbook, Language.Chinese);
        Assert.Equal(["编号", "问题", "牵头单位", "责任单位", "整改时限", "状态", "完成进度（%）", "最近报告（截至季末）", "本季度报告数", "本季度未报月份"], RowTexts(Sheet(workbook, "任务"), 1));

        // Tasks: one row per task of the store, numbers and percents as numbers.
        var store = new SqliteTaskStore(DbPath, new UnitMatcher());
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), CancellationToken.None);
        var taskSheet = Sheet(workbook, "任务");
        Assert.Equal(tasks.Count + 1, Rows(taskSheet).Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            Assert.Equal(tasks[i].Number, Number(taskSheet, $"A{i + 2}"));
            Assert.Equal(tasks[i].Problem, Text(taskSheet, $"B{i + 2}"));
            Assert.Equal(tasks[i].LeadUnits.Text, Text(taskSheet, $"C{i + 2}"));
        }
        var row3 = tasks.FindIndex(t => t.Number == 3) + 2;
        // The store's task 3 is lagging at 30% since April's report; at the end of March it stood at February's 35%.
        Assert.Equal((RectificationStatus.Lagging, 30), (tasks.Single(t => t.Number == 3).Status, tasks.Single(t => t.Number == 3).PercentComplete));
        Assert.Equal("推进中", Text(taskSheet, $"F{row3}"));
        Assert.Equal(35, Number(taskSheet, $"G{row3}"));
        Assert.Equal("2019-02-14 水务局联络员：福新泵站主体施工\n管网同步推进", Text(taskSheet, $"H{row3}"));
        Assert.Equal(2, Number(taskSheet, $"I{row3}"));
        Assert.Equal("2019-03", Text(taskSheet, $"J{row3}"));
        // A dated deadline is an Excel date with the date format.
        var deadline = Cell(taskSheet, $"E{row3}");
        Assert.Null(deadline.DataType);
        Assert.Equal(tasks.Single(t => t.Number == 3).Deadline.Date, DateOnly.FromDateTime(DateTime.FromOADate(Number(taskSheet, $"E{row3}"))));
        Assert.Equal("yyyy-mm-dd", FormatOf(workbook, deadline));
        var row2 = tasks.FindIndex(t => t.Number == 2) + 2;
        Assert.Equal(50, Number(taskSheet, $"G{row2}"));
        Assert.Equal("2019-01, 2019-02", Text(taskSheet, $"J{row2}"));
        var row1 = tasks.FindIndex(t => t.Number == 1) + 2;
        Assert.Equal("未启动", Text(taskSheet, $"F{row1}"));
        Assert.Equal("2019-01, 2019-02, 2019-03", Text(taskSheet, $"J{row1}"));
        Assert.Equal("", Text(taskSheet, $"H{row1}"));

        // Reports: the quarter's three, by task then period; December's and April's are not in it.
        var reportSheet = Sheet(workbook, "报告");
        var inQuarter = filed.Where(r => r.Period is "2019-01" or "2019-02" or "2019-03").OrderBy(r => r.TaskNumber).ThenBy(r => r.Period, StringComparer.Ordinal).ToList();
        Assert.Equal(inQuarter.Count + 1, Rows(reportSheet).Count);
        for (var i = 0; i < inQuarter.Count; i++)
        {
            var r = inQuarter[i];
            var row = i + 2;
            Assert.Equal(r.TaskNumber, Number(reportSheet, $"A{row}"));
            Assert.Equal(r.Period, Text(reportSheet, $"B{row}"));
            Assert.Equal(r.Unit, Text(reportSheet, $"C{row}"));
            Assert.Equal(r.ReporterName, Text(reportSheet, $"D{row}"));
            var at = QuarterWorkbook.FromExcelDate(Number(reportSheet, $"E{row}"));
            Assert.True(Math.Abs((at - r.ReportedAt).TotalSeconds) < 1, $"{at:O} is not {r.ReportedAt:O}");
            Assert.Equal("yyyy-mm-dd hh:mm", FormatOf(workbook, Cell(reportSheet, $"E{row}")));
            Assert.Equal("推进中", Text(reportSheet, $"F{row}"));
            Assert.Equal(r.PercentComplete, Number(reportSheet, $"G{row}"));
            Assert.Equal(r.Summary, Text(reportSheet, $"H{row}"));
            Assert.Equal(string.Join("\n", r.Evidence), Text(reportSheet, $"I{row}"));
        }
        Assert.Equal("https://example.org/a.jpg\nhttps://example.org/b.pdf", Text(reportSheet, "I2"));

        // Summary: the quarter, its last day, counts at its end.
        var summary = Sheet(workbook, "汇总");
        Assert.Equal("2019Q1", Text(summary, "B2"));
        Assert.Equal(new DateOnly(2019, 3, 31), DateOnly.FromDateTime(DateTime.FromOADate(Number(summary, "B3"))));
        Assert.Equal(tasks.Count, ValueOf(summary, "整改任务数"));
        Assert.Equal(2, ValueOf(summary, "推进中"));
        Assert.Equal(2, ValueOf(summary, "未启动"));
        Assert.Equal(0, ValueOf(summary, "滞后"));
        Assert.Equal(0, ValueOf(summary, "已完成（含已销号）"));
        Assert.Equal(2, ValueOf(summary, "季末逾期任务数")); // tasks 1 and 4: due at the end of 2018, never reported
        Assert.Equal(3, ValueOf(summary, "本季度报送进展报告数"));
        Assert.True(ValueOf(summary, "本季度有月份未报的单位数") >= 2); // the water bureau missed March, agriculture January and February

        // Notices: none were issued.
        Assert.Single(Rows(Sheet(workbook, "督办函")));
    }

    private static NoticeDraft Notice(string source, DateTimeOffset at, int task, DateOnly replyBy, string note = "") => new()
    {
        SourceId = source, Year = at.Year, TaskNumber = task, Units = ["市水务局", "江岸区政府"], Reason = "逾期未报", Note = note, ReplyBy = replyBy,
        IssuerId = "u-leader", IssuerName = "综合协调组组长", IssuedAt = at,
        Recipients = [new("u-water", "水务局联络员", "市水务局"), new("u-jiangan", "江岸区联络员", "江岸区政府")],
    };

    [Fact]
    public async Task The_notices_sheet_holds_the_notices_issued_in_the_quarter_with_their_state()
    {
        await LoadSampleWithReportsAsync();
        var store = new SqliteTaskStore(DbPath, new UnitMatcher());
        await store.IssueNoticeAsync(Notice("before", new(2018, 12, 31, 23, 0, 0, China), 1, new DateOnly(2019, 1, 10))); // Q4 2018 in China time
        var february = (await store.IssueNoticeAsync(Notice("feb", new(2019, 1, 1, 0, 30, 0, China), 4, new DateOnly(2019, 1, 15), "书面说明"))).Notice;
        var march = (await store.IssueNoticeAsync(Notice("mar", new(2019, 3, 20, 10, 0, 0, China), 3, new DateOnly(2019, 3, 25)))).Notice;
        await store.IssueNoticeAsync(Notice("after", new(2019, 4, 1, 9, 0, 0, China), 3, new DateOnly(2019, 4, 10)));
        await store.AnswerNoticeAsync(february.Id, "u-water", "已说明", [], new(2019, 1, 3, 9, 0, 0, China));
        await store.AcknowledgeNoticeAsync(february.Id, "u-jiangan", new(2019, 1, 4, 9, 0, 0, China));
        await store.CloseNoticeAsync(february.Id, "u-leader", "综合协调组组长", new(2019, 1, 20, 9, 0, 0, China));
        await store.AcknowledgeNoticeAsync(march.Id, "u-water", new(2019, 3, 21, 9, 0, 0, China));

        var file = Path.Combine(_folder, "q1-notices.xlsx");
        var (exit, output, error) = await RunAsync("quarter", "--quarter", "2019Q1", "-o", file, "--Clock:Today=2019-06-01");
        Assert.True(exit == 0, error);
        Assert.Contains("2 supervision notices", output);
        using var workbook = SpreadsheetDocument.Open(file, false);
        AssertValid(workbook);
        var sheet = Sheet(workbook, "督办函");
        Assert.Equal(3, Rows(sheet).Count);
        Assert.Equal(["督办〔2019〕1号", "4", "市水务局、江岸区政府"], [Text(sheet, "A2"), Number(sheet, "B2").ToString(System.Globalization.CultureInfo.InvariantCulture), Text(sheet, "C2")]);
        Assert.True(Math.Abs((QuarterWorkbook.FromExcelDate(Number(sheet, "D2")) - february.IssuedAt).TotalSeconds) < 1);
        Assert.Equal("逾期未报（书面说明）", Text(sheet, "E2"));
        Assert.Equal(new DateOnly(2019, 1, 15), DateOnly.FromDateTime(DateTime.FromOADate(Number(sheet, "F2"))));
        Assert.Equal(["2/2", "1/2", "已关闭 2019-01-20"], [Text(sheet, "G2"), Text(sheet, "H2"), Text(sheet, "I2")]);
        Assert.Equal(["督办〔2019〕2号", "1/2", "0/2", "办理中"], [Text(sheet, "A3"), Text(sheet, "G3"), Text(sheet, "H3"), Text(sheet, "I3")]);

        var english = Path.Combine(_folder, "q1-notices-en.xlsx");
        Assert.Equal(0, (await RunAsync("quarter", "--quarter", "2019Q1", "-o", english, "--locale", "en-US", "--Clock:Today=2019-06-01")).Exit);
        using var englishBook = SpreadsheetDocument.Open(english, false);
        Assert.Equal(["Supervision Notice [2019] No. 1", "closed 2019-01-20"], [Text(Sheet(englishBook, "Notices"), "A2"), Text(Sheet(englishBook, "Notices"), "I2")]);
    }

    [Fact]
    public async Task English_puts_the_sheets_headers_and_statuses_in_english()
    {
        await LoadSampleWithReportsAsync();
        var file = Path.Combine(_folder, "q1-en.xlsx");
        var (exit, _, error) = await RunAsync("quarter", "--quarter", "2019-Q1", "-o", file, "--locale", "en-US", "--Clock:Today=2019-06-01");
        Assert.True(exit == 0, error);
        using var workbook = SpreadsheetDocument.Open(file, false);
        AssertValid(workbook);
        Assert.Equal(["Summary", "Tasks", "Reports", "Notices"], SheetNames(workbook));
        AssertHeaders(workbook, Language.English);
        Assert.Equal(["Task", "Period", "Unit", "Reporter", "Reported at", "Status", "Percent complete", "Summary", "Evidence"], RowTexts(Sheet(workbook, "Reports"), 1));
        Assert.Equal("In progress", Text(Sheet(workbook, "Reports"), "F2"), ignoreCase: true);
    }

    [Fact]
    public async Task An_empty_quarter_still_writes_a_valid_workbook_with_no_report_rows()
    {
        Assert.Equal(0, (await RunAsync("demo")).Exit);
        var file = Path.Combine(_folder, "q2.xlsx");
        var (exit, output, error) = await RunAsync("quarter", "--quarter", "2019年二季度", "-o", file, "--Clock:Today=2019-05-20");
        Assert.True(exit == 0, error);
        Assert.Contains("2019Q2 as of 2019-05-20, 4 tasks, 0 reports", output);
        using var workbook = SpreadsheetDocument.Open(file, false);
        AssertValid(workbook);
        Assert.Single(Rows(Sheet(workbook, "报告")));
        Assert.Equal(5, Rows(Sheet(workbook, "任务")).Count);
        // Not over yet: as of today, and June's report is not due yet.
        Assert.Equal(new DateOnly(2019, 5, 20), DateOnly.FromDateTime(DateTime.FromOADate(Number(Sheet(workbook, "汇总"), "B3"))));
        Assert.Equal("2019-04, 2019-05", Text(Sheet(workbook, "任务"), "J2"));
        Assert.Equal(0, ValueOf(Sheet(workbook, "汇总"), "本季度报送进展报告数"));
    }

    [Theory]
    [InlineData("2019Q5")]
    [InlineData("2019-13")]
    [InlineData("Q1")]
    [InlineData("next quarter")]
    public async Task A_bad_quarter_is_one_line_exit_1_and_no_file(string value)
    {
        var file = Path.Combine(_folder, "bad.xlsx");
        var (exit, output, error) = await RunAsync("quarter", "--quarter", value, "-o", file);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"«{value}» is not a quarter", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(DbPath)); // refused before the store was opened
    }

    private static void AssertValid(SpreadsheetDocument workbook)
    {
        var errors = new OpenXmlValidator().Validate(workbook).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Every sheet's header row in the language's words, bold; its columns' widths set; the header row frozen; a filter on it.</summary>
    private static void AssertHeaders(SpreadsheetDocument workbook, Language language)
    {
        string[][] columns = [[.. QuarterWorkbook.SummaryColumns], [.. QuarterWorkbook.TaskColumns], [.. QuarterWorkbook.ReportColumns], [.. QuarterWorkbook.NoticeColumns]];
        for (var i = 0; i < 4; i++)
        {
            var sheet = Sheet(workbook, Localizer.Get(language, QuarterWorkbook.SheetKeys[i]));
            Assert.Equal(columns[i].Select(k => Localizer.Get(language, k)), RowTexts(sheet, 1));
            var header = Cell(sheet, "A1");
            var font = Styles(workbook).CellFormats!.Elements<CellFormat>().ElementAt((int)header.StyleIndex!.Value).FontId!.Value;
            Assert.NotNull(Styles(workbook).Fonts!.Elements<Font>().ElementAt((int)font).Bold);
            var widths = sheet.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().ToList();
            Assert.Equal(columns[i].Length, widths.Count);
            Assert.All(widths, c => Assert.True(c.CustomWidth!.Value && c.Width!.Value > 0));
            var pane = sheet.Worksheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
            Assert.Equal(1D, pane.VerticalSplit!.Value);
            Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
            Assert.StartsWith("A1:", sheet.Worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
        }
    }

    private static List<string> SheetNames(SpreadsheetDocument workbook) =>
        [.. workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    private static WorksheetPart Sheet(SpreadsheetDocument workbook, string name)
    {
        var sheet = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!.Value!);
    }

    private static Stylesheet Styles(SpreadsheetDocument workbook) => workbook.WorkbookPart!.WorkbookStylesPart!.Stylesheet;

    private static List<Row> Rows(WorksheetPart sheet) => [.. sheet.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()];

    private static Cell Cell(WorksheetPart sheet, string reference) =>
        Rows(sheet).SelectMany(r => r.Elements<Cell>()).SingleOrDefault(c => c.CellReference == reference) ?? throw new Xunit.Sdk.XunitException($"No cell {reference}.");

    private static List<string> RowTexts(WorksheetPart sheet, uint row) =>
        [.. Rows(sheet).Single(r => r.RowIndex! == row).Elements<Cell>().Select(c => c.InlineString?.InnerText ?? "")];

    private static string Text(WorksheetPart sheet, string reference)
    {
        var cell = Cell(sheet, reference);
        Assert.Equal(CellValues.InlineString, cell.DataType?.Value);
        return cell.InlineString!.InnerText;
    }

    private static double Number(WorksheetPart sheet, string reference)
    {
        var cell = Cell(sheet, reference);
        Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{reference} is not a number");
        return double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The summary's value (column B) on the row whose item (column A) is the given text.</summary>
    private static double ValueOf(WorksheetPart summary, string item)
    {
        var row = Rows(summary).Single(r => r.Elements<Cell>().First().InlineString?.InnerText == item);
        return Number(summary, "B" + row.RowIndex!.Value);
    }

    private static string? FormatOf(SpreadsheetDocument workbook, Cell cell)
    {
        var format = Styles(workbook).CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        return Styles(workbook).NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(n => n.NumberFormatId!.Value == format.NumberFormatId!.Value)?.FormatCode?.Value;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }
}
