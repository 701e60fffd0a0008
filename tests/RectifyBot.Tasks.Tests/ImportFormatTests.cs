using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

/// <summary>Other cities' lists: other numbering, tables, .docx, footers, and what is not a task list at all.</summary>
public class ImportFormatTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 7 }, "7")]
    [InlineData(new[] { 1, 2 }, "1, 2")]
    [InlineData(new[] { 3, 1, 2, 2 }, "1–3")]
    [InlineData(new[] { 1, 2, 3, 5, 7, 8, 9, 12, 13 }, "1–3, 5, 7–9, 12, 13")]
    public void Task_numbers_print_as_ranges(int[] numbers, string printed) => Assert.Equal(printed, RectifyBot.Tasks.Import.NumberRanges.Format(numbers));

    [Fact]
    public void A_thousand_added_tasks_print_as_one_range_not_a_thousand_numbers()
    {
        var report = new RectifyBot.Tasks.Import.ImportSummary("plan.txt", 1000, new RectifyBot.Tasks.Store.TaskImportOutcome([.. Enumerable.Range(1, 1000)], [], []), [], [], 3);
        Assert.Contains("  added: 1–1000\n", report.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Reads_a_list_numbered_with_chinese_headings_and_tasks_one_field_a_line()
    {
        var plan = Shared.ParseText("""
            某市环境保护督察反馈意见整改任务清单
            一、大气污染防治
            （一）扬尘管控不到位，建筑工地围挡缺失。
            整改目标：建筑工地“六个百分之百”全部落实。
            整改措施：
            1. 开展建筑工地扬尘专项检查；
            2. 建立扬尘问题台账，逐一销号。
            整改时限：2019年6月底前
            牵头单位：市住建局
            责任单位：市城管局、各区人民政府
            责任人：市住建局局长
            第 3 页
            （二）餐饮油烟直排。
            整改目标：油烟净化设施全部安装。
            整改措施：开展餐饮油烟专项整治。
            整改时限：立行立改，长期坚持
            责任单位：市城管局
            责任人：市城管局局长
            二、水污染防治
            （三）部分排口雨污混流。
            整改目标：排口全部整治到位。
            整改措施：（1）排查排口；（2）分类整治。
            整改时限：2020年底前
            责任单位：市水务局
            责任人：市水务局局长
            """);
        Assert.Empty(plan.Issues);
        Assert.Equal([1, 2, 3], plan.Tasks.Select(t => t.Number));
        var first = plan.Tasks[0];
        Assert.Equal("大气污染防治", first.Category);
        Assert.Equal("扬尘管控不到位，建筑工地围挡缺失。", first.Problem);
        Assert.Equal(["开展建筑工地扬尘专项检查", "建立扬尘问题台账，逐一销号。"], first.Measures);
        Assert.Equal(new DateOnly(2019, 6, 30), first.Deadline.Date);
        Assert.Equal(["市住建局"], first.LeadUnits.Names);
        Assert.Equal(["市城管局", "各区人民政府"], first.ResponsibleUnits.Names);
        Assert.Equal("市住建局局长", first.ResponsiblePersons); // the footer line "第 3 页" is gone
        Assert.Equal(DeadlineKind.LongTerm, plan.Tasks[1].Deadline.Kind);
        Assert.Equal("水污染防治", plan.Tasks[2].Category);
        Assert.Equal(["排查排口", "分类整治。"], plan.Tasks[2].Measures);
    }

    [Fact]
    public void Reads_an_english_list()
    {
        var plan = Shared.ParseText("""
            Rectification task list
            1. Construction dust is not controlled.
            Goal: All sites covered.
            Measures: (1) Inspect every site. (2) Fine offenders.
            Deadline: by the end of June 2019
            Lead unit: City Housing Bureau
            Responsible units: City Management Bureau; District governments
            Responsible persons: Director of the City Housing Bureau
            2. Sewage outfalls mix rain and waste water.
            Goal: Every outfall separated.
            Measures: Survey and rebuild the outfalls.
            Deadline: December 31, 2020
            Responsible units: City Water Authority
            Responsible persons: Director of the City Water Authority
            """);
        Assert.Empty(plan.Issues);
        Assert.Equal(2, plan.Tasks.Count);
        Assert.Equal("Construction dust is not controlled.", plan.Tasks[0].Problem);
        Assert.Equal(["Inspect every site.", "Fine offenders."], plan.Tasks[0].Measures);
        Assert.Equal(new DateOnly(2019, 6, 30), plan.Tasks[0].Deadline.Date);
        Assert.Equal(["City Management Bureau", "District governments"], plan.Tasks[0].ResponsibleUnits.Names);
        Assert.Equal(new DateOnly(2020, 12, 31), plan.Tasks[1].Deadline.Date);
    }

    [Fact]
    public void Numbering_that_restarts_under_each_heading_is_numbered_in_order_and_reported()
    {
        var plan = Shared.ParseText("""
            一、问题类
            1、问题甲。整改目标：目标甲。整改时限：2019年底前 责任单位：市水务局
            二、其他类
            1、问题乙。整改目标：目标乙。整改时限：2019年底前 责任单位：市农业农村局
            """);
        Assert.Equal([1, 2], plan.Tasks.Select(t => t.Number));
        Assert.Equal("问题乙。", plan.Tasks[1].Problem);
        Assert.Equal("其他类", plan.Tasks[1].Category);
        var issue = Assert.Single(plan.Issues);
        Assert.Equal("number", issue.Field);
        Assert.Equal(2, issue.TaskNumber);
    }

    [Fact]
    public void Reads_a_tab_separated_table_with_heading_rows_and_reports_unreadable_deadlines_with_line_numbers()
    {
        var plan = Shared.ParseText(
            "附件：整改任务清单\n" +
            "序号\t反馈问题\t整改目标\t整改措施\t整改时限\t牵头单位\t责任单位\t责任人\n" +
            "一、问题类\n" +
            "1\t问题甲\t目标甲\t（1）措施一；（2）措施二\t2019年3月底前\t市生态环境局\t市水务局、市城建局\t局长\n" +
            "2\t问题乙\t目标乙\t措施\t视情况而定\t\t江岸、硚口区政府\t区长\n");
        Assert.Equal(2, plan.Tasks.Count);
        Assert.Equal("问题类", plan.Tasks[0].Category);
        Assert.Equal(["措施一", "措施二"], plan.Tasks[0].Measures);
        Assert.Equal(new DateOnly(2019, 3, 31), plan.Tasks[0].Deadline.Date);
        Assert.Equal(["江岸区政府", "硚口区政府"], plan.Tasks[1].ResponsibleUnits.Names);
        var issue = Assert.Single(plan.Issues);
        Assert.Equal(("line 5", 2, "deadline", "视情况而定"), (issue.Location, issue.TaskNumber, issue.Field, issue.Text));
        Assert.Equal(DeadlineKind.Unknown, plan.Tasks[1].Deadline.Kind);
    }

    private const string PlanWithOuterPipes = """
        附件：整改任务清单
        | 序号 | 问题 | 整改目标 | 整改措施 | 整改时限 | 责任单位 |
        | --- | --- | --- | --- | --- | --- |
        一、问题类
        | 1 | 问题甲 | 目标甲 | 措施甲 | 2019年6月底 | 市水务局 |
        | 2 | 问题乙 | 目标乙 | 措施乙 | 2019年一季度 | 市城建局、市园林局 |
        | 3 | 问题丙 | 目标丙 | 措施丙 | 尽快 | 江岸区政府 |
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pipe_table_without_outer_pipes_reads_as_the_one_with_them(bool withRule)
    {
        var plan = Shared.ParseText($"""
            附件：整改任务清单
            序号|问题|整改目标|整改措施|整改时限|责任单位
            {(withRule ? "---|---|---|---|---|---" : "")}
            一、问题类
            1|问题甲|目标甲|措施甲|2019年6月底|市水务局
            2|问题乙|目标乙|措施乙|2019年一季度|市城建局、市园林局
            3 | 问题丙 | 目标丙 | 措施丙 | 尽快 | 江岸区政府
            """.Replace("\n\n", "\n"));
        var expected = Shared.ParseText(PlanWithOuterPipes);

        Assert.Equal([1, 2, 3], expected.Tasks.Select(t => t.Number));
        Assert.Equal(expected.Tasks.Select(t => (t.Number, t.Category, t.Problem, t.Deadline, t.ResponsibleUnits.Text)),
            plan.Tasks.Select(t => (t.Number, t.Category, t.Problem, t.Deadline, t.ResponsibleUnits.Text)));
        Assert.Equal([new DateOnly(2019, 6, 30), new DateOnly(2019, 3, 31), null], plan.Tasks.Select(t => t.Deadline.Date));
        Assert.Equal(["市城建局", "市园林局"], plan.Tasks[1].ResponsibleUnits.Names);
        Assert.Equal(expected.Issues.Select(i => (i.TaskNumber, i.Field, i.Text)), plan.Issues.Select(i => (i.TaskNumber, i.Field, i.Text)));
        Assert.Equal((3, "deadline", "尽快"), (plan.Issues.Single().TaskNumber, plan.Issues.Single().Field, plan.Issues.Single().Text));
    }

    [Fact]
    public void Prose_with_pipes_or_pipe_rows_without_a_header_is_not_a_table()
    {
        var document = TextPlanReader.Read("""
            本方案分为问题|目标|措施三部分，按下列清单执行。
            1|问题甲|目标甲|措施甲|2019年6月底|市水务局
            2|问题乙|目标乙|措施乙|2019年一季度|市城建局
            """);
        Assert.Empty(document.Tables);
        Assert.Equal(3, document.Paragraphs.Count);
    }

    [Fact]
    public void A_pipe_row_with_another_number_of_cells_ends_the_table()
    {
        var document = TextPlanReader.Read("""
            序号|问题|整改目标|整改措施|整改时限|责任单位
            1|问题甲|目标甲|措施甲|2019年6月底|市水务局
            注：A|B|C 三类按上表执行。
            """);
        var table = Assert.Single(document.Tables);
        Assert.Equal(2, table.Rows.Count);
        Assert.Contains(document.Paragraphs, p => p.Text.StartsWith("注：", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_a_docx_with_its_task_list_in_a_table_with_merged_cells()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.docx");
        try
        {
            WriteDocx(path,
                ["某区整改方案", "附件：整改任务清单"],
                [
                    ["序号", "存在问题", "整改目标", "整改措施", "完成时限", "责任单位", "责任人"],
                    ["（一）大气污染"],
                    ["1", "工地扬尘", "全部覆盖", "1.检查\n2.处罚", "2019 年 6 月底之前", "区住建局", "局长"],
                    ["2", "道路扬尘", "全部清扫", "机扫", "长期坚持", "区城管局", "局长"],
                ],
                mergeDown: (3, 6));
            var plan = Shared.Parser.ParseFile(path, Shared.PlanDate);
            Assert.Empty(plan.Issues);
            Assert.Equal(["工地扬尘", "道路扬尘"], plan.Tasks.Select(t => t.Problem));
            Assert.Equal("（一）大气污染", plan.Tasks[0].Section);
            Assert.Equal(["检查", "处罚"], plan.Tasks[0].Measures);
            Assert.Equal(new DateOnly(2019, 6, 30), plan.Tasks[0].Deadline.Date);
            Assert.Equal("局长", plan.Tasks[1].ResponsiblePersons); // a vertically merged cell repeats the one above
            Assert.Equal(DeadlineKind.LongTerm, plan.Tasks[1].Deadline.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reads_a_docx_written_as_paragraphs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.docx");
        try
        {
            WriteDocx(path, ["整改任务清单", "1.问题甲。", "整改目标：目标甲。", "整改措施：（1）措施一。（2）措施二。", "整改时限：2019年底前", "- 2 -", "责任单位：市水务局", "2.问题乙。", "整改目标：目标乙。", "整改时限：2020年底前", "责任单位：市城建局"], [], null);
            var plan = Shared.Parser.ParseFile(path, Shared.PlanDate);
            Assert.Empty(plan.Issues);
            Assert.Equal(["问题甲。", "问题乙。"], plan.Tasks.Select(t => t.Problem));
            Assert.Equal(["措施一。", "措施二。"], plan.Tasks[0].Measures);
            Assert.Equal(["市水务局"], plan.Tasks[0].ResponsibleUnits.Names);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_list_numbered_one_task_a_line_is_not_mistaken_for_site_chunks()
    {
        var lines = Enumerable.Range(1, 4).Select(n =>
            $"{n}、问题{n}：{new string('某', 120)}整改目标：目标{n}整改措施：措施{n}整改时限：2019年底前责任单位：市水务局责任人：局长");
        var plan = Shared.ParseText(string.Join("\n", lines));
        Assert.Equal([1, 2, 3, 4], plan.Tasks.Select(t => t.Number));
        Assert.All(plan.Tasks, t => Assert.Equal(["市水务局"], t.ResponsibleUnits.Names));
    }

    [Fact]
    public async Task A_file_with_no_task_list_is_refused_and_changes_nothing()
    {
        using var temp = new TempStore();
        await temp.Store.ImportTasksAsync([Build.Task(1)]);
        var path = Path.Combine(temp.Folder, "notes.txt");
        await File.WriteAllTextAsync(path, "会议纪要\n一、会议听取了汇报。\n二、会议要求各单位抓好落实。");
        var error = await Assert.ThrowsAsync<ImportException>(() => temp.Importer.ImportFileAsync(path, Shared.PlanDate));
        Assert.Contains("No task list", error.Message);
        Assert.Equal([1], (await temp.Store.QueryTasksAsync(TaskQuery.All, PageRequest.First)).Items.Select(t => t.Number));
        await Assert.ThrowsAsync<ImportException>(() => temp.Importer.ImportFileAsync(Path.Combine(temp.Folder, "missing.txt"), Shared.PlanDate));
        await File.WriteAllBytesAsync(Path.Combine(temp.Folder, "broken.docx"), [0x50, 0x4B, 3, 4, 1, 2, 3]);
        await Assert.ThrowsAsync<ImportException>(() => temp.Importer.ImportFileAsync(Path.Combine(temp.Folder, "broken.docx"), Shared.PlanDate));
    }

    [Fact]
    public async Task Importing_the_seed_twice_adds_then_leaves_everything_and_reports_units_nobody_matches()
    {
        using var temp = new TempStore();
        await temp.Store.UpsertPeopleAsync(Sample.SampleData.People);
        var first = await temp.Importer.ImportFileAsync(Shared.Fixture("wuhan-2018-plan.txt"), Shared.PlanDate);
        Assert.Equal([1, 2, 3, 4], first.Outcome.Added);
        Assert.Contains(first.UnmatchedUnits, u => u.Name == "市委办公厅");
        Assert.DoesNotContain(first.UnmatchedUnits, u => u.Name is "市水务局" or "各区政府(管委会)" or "江岸区政府");
        await temp.Store.SubmitReportAsync(Build.Report(3, "r"), null);

        var second = await temp.Importer.ImportFileAsync(Shared.Fixture("wuhan-2018-plan.txt"), Shared.PlanDate);
        Assert.Empty(second.Outcome.Added);
        Assert.Equal([1, 2, 3, 4], second.Outcome.Unchanged);
        Assert.Contains("4 unchanged", second.ToString());
        Assert.NotNull(await temp.Store.GetReportBySourceAsync("r"));
    }

    [Fact]
    public async Task Import_reports_each_deadline_it_could_not_read_with_its_task_number_and_text()
    {
        using var temp = new TempStore();
        var document = TextPlanReader.Read("""
            1.问题甲。整改目标：目标甲。整改时限：2019年一季度 责任单位：市水务局
            2.问题乙。整改目标：目标乙。整改时限：尽快 责任单位：市水务局
            3.问题丙。整改目标：目标丙。整改时限：按省要求 责任单位：市水务局
            4.问题丁。整改目标：目标丁。整改时限：2019年初 责任单位：市水务局
            """);
        var summary = await temp.Importer.ImportAsync(document, "plan.txt", Shared.PlanDate);

        Assert.Equal([1, 2, 3, 4], summary.Outcome.Added);
        Assert.Equal([(2, "尽快"), (3, "按省要求"), (4, "2019年初")],
            summary.Issues.Where(i => i.Field == "deadline").Select(i => (i.TaskNumber!.Value, i.Text)));
        var printed = summary.ToString();
        Assert.Contains("task 2, deadline: the deadline could not be read as a date; kept as text «尽快»", printed);
        Assert.Contains("task 4, deadline: the deadline could not be read as a date; kept as text «2019年初»", printed);
        var stored = await temp.Store.GetTaskAsync(2);
        Assert.Equal(new Deadline(null, "尽快", DeadlineKind.Unknown), stored!.Deadline);
        Assert.Equal(new DateOnly(2019, 3, 31), (await temp.Store.GetTaskAsync(1))!.Deadline.Date);
    }

    [Fact]
    public void A_gb18030_text_file_is_read()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = System.Text.Encoding.GetEncoding("GB18030").GetBytes("1.问题甲。整改目标：目标甲。整改时限：2019年底前 责任单位：市水务局");
        var text = TextPlanReader.Decode(bytes, out var encoding);
        Assert.Equal("gb18030", encoding);
        Assert.Equal("问题甲。", Shared.ParseText(text).Tasks.Single().Problem);
    }

    private static void WriteDocx(string path, string[] paragraphs, string[][] rows, (int Row, int Column)? mergeDown)
    {
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var body = new Body();
        foreach (var p in paragraphs)
        {
            body.Append(new Paragraph(new Run(new Text(p))));
        }
        if (rows.Length > 0)
        {
            var table = new Table();
            var width = rows.Max(r => r.Length);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new TableRow();
                if (rows[r].Length == 1)
                {
                    row.Append(new TableCell(new TableCellProperties(new GridSpan { Val = width }), new Paragraph(new Run(new Text(rows[r][0])))));
                }
                else
                {
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var cell = new TableCell();
                        if (mergeDown is { } m && m.Column == c && (r == m.Row - 1 || r == m.Row))
                        {
                            cell.Append(new TableCellProperties(new VerticalMerge { Val = r == m.Row - 1 ? MergedCellValues.Restart : MergedCellValues.Continue }));
                        }
                        var text = r == mergeDown?.Row && c == mergeDown?.Column ? "" : rows[r][c];
                        foreach (var line in text.Split('\n'))
                        {
                            cell.Append(new Paragraph(new Run(new Text(line))));
                        }
                        row.Append(cell);
                    }
                }
                table.Append(row);
            }
            body.Append(table);
        }
        document.AddMainDocumentPart().Document = new Document(body);
    }
}
