using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Bot.Cli;
using RectifyBot.Tasks.Disclosure;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary><c>disclose</c>: a task's public notice, written by the command and read back with the Open XML SDK.</summary>
public sealed class DisclosureTests : IDisposable
{
    private const string Office = "武汉市环境保护督察整改工作领导小组办公室";
    private const string MarchSummary = "已制定主城区雨污分流改造方案，江岸区后湖片区完成排水系统摸排。";
    private const string AprilSummary = "福新泵站建成投运，主城区规划雨污分流区改造完成率达到90%。";
    private const string Reporter = "王晓明";
    private const string ReporterId = "aad-5f1c2e9b-reporter";
    private const string Evidence = "https://intranet.wuhan.example/sites/rectify/evidence/task3-april.pdf";
    private const string Share = @"\\fileserver\rectify\task3-march.docx";
    private const string NextSteps = "内部安排：下周由王晓明向分管领导汇报";

    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-disclose-").FullName;

    private string Db => $"--Store:Sqlite:Path={Path.Combine(_folder, "cli.db")}";

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RectifyCommandLine.RunAsync([.. args, Db], output, error, new StringReader(""), bound.Token);
        return (exit, output.ToString(), error.ToString());
    }

    private static DateTimeOffset China(int month, int day) => new(2019, month, day, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_reported_task_is_disclosed_with_the_plans_words_and_the_latest_report_but_no_reporter_or_evidence()
    {
        Assert.Equal(0, (await RunAsync("demo")).Exit);
        RectificationTask task;
        using (var host = RectifyCommandLine.BuildHost([Db]))
        {
            var store = host.Services.GetRequiredService<ITaskStore>();
            await store.SubmitReportAsync(new ProgressReport
            {
                Id = "r-march", TaskNumber = 3, Unit = "市水务局", ReporterId = ReporterId, ReporterName = Reporter, ReportedAt = China(3, 12),
                Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 40, Summary = MarchSummary, NextSteps = NextSteps,
                Evidence = [Share], SourceId = "test:disclose-march",
            }, null);
            await store.SubmitReportAsync(new ProgressReport
            {
                Id = "r-april", TaskNumber = 3, Unit = "市水务局", ReporterId = ReporterId, ReporterName = Reporter, ReportedAt = China(4, 10),
                Period = "2019-04", Status = RectificationStatus.Completed, PercentComplete = 100, Summary = AprilSummary, Evidence = [Evidence],
                Reason = "", SourceId = "test:disclose-april",
            }, null);
            task = (await store.GetTaskAsync(3))!;
        }
        var path = Path.Combine(_folder, "notice.docx");

        var (exit, output, error) = await RunAsync("disclose", "3", "-o", path, "--from", "2019-04-15", "--to", "2019-04-21", "--office", Office);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("关于环境保护督察反馈问题第3项整改情况的公示", output);
        var paragraphs = Read(path, out var document);
        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
            var title = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().First();
            Assert.Equal("关于环境保护督察反馈问题第3项整改情况的公示", title.InnerText);
            Assert.Equal(JustificationValues.Center, title.ParagraphProperties!.Justification!.Val!.Value);
            Assert.NotNull(title.Descendants<Bold>().SingleOrDefault());
            Assert.Equal("44", title.Descendants<FontSize>().Single().Val!.Value);
            var page = document.MainDocumentPart.Document.Body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
            Assert.Equal((11906U, 16838U), (page.Width!.Value, page.Height!.Value)); // A4
            var defaults = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<RunFonts>().Single();
            Assert.Equal("仿宋_GB2312", defaults.EastAsia!.Value);
            var signature = document.MainDocumentPart.Document.Body.Elements<Paragraph>().TakeLast(2).ToList();
            Assert.Equal([Office, "2019年4月15日"], signature.Select(p => p.InnerText));
            Assert.All(signature, p => Assert.Equal(JustificationValues.Right, p.ParagraphProperties!.Justification!.Val!.Value));
        }

        var headings = DisclosureWords.Headings.Select(h => paragraphs.IndexOf(h)).ToList();
        Assert.DoesNotContain(-1, headings);
        Assert.Equal(headings.Order(), headings); // 一 to 七, in order
        Assert.StartsWith("按照环境保护督察反馈意见整改工作信息公开的要求", paragraphs[1]);
        Assert.Equal(task.Problem, paragraphs[headings[0] + 1]);
        Assert.Equal(task.Goal, paragraphs[headings[1] + 1]);
        Assert.Equal("整改时限：" + task.Deadline.Text, paragraphs[headings[1] + 2]);
        Assert.NotEmpty(task.Measures);
        Assert.Equal(task.Measures.Select((m, i) => $"（{i + 1}）{m}"), paragraphs[(headings[2] + 1)..headings[3]]);

        var progress = paragraphs[(headings[3] + 1)..headings[4]];
        Assert.Equal("截至2019年4月10日，该项整改任务已完成整改，整改完成比例为100%。", progress[0]);
        Assert.Contains("整改完成时间：2019年4月10日。", progress);
        Assert.Contains("最新进展：" + AprilSummary, progress);
        Assert.Equal(["2019年3月（市水务局）：" + MarchSummary, "2019年4月（市水务局）：" + AprilSummary], progress.SkipWhile(p => p != "整改推进情况：").Skip(1));

        var units = paragraphs[(headings[4] + 1)..headings[5]];
        Assert.Equal(
            new[] { task.LeadUnits.Text.Length > 0 ? "牵头单位：" + task.LeadUnits.Text : null, "责任单位：" + task.ResponsibleUnits.Text }.OfType<string>(),
            units);
        Assert.Contains("市水务局、市城建局", units[^1]);
        Assert.Equal("公示时间为2019年4月15日至2019年4月21日（共7天）。", paragraphs[headings[5] + 1]);
        Assert.Equal($"公示期间，如对上述整改情况有意见或建议，请以书面形式向{Office}反映。", paragraphs[headings[6] + 1]);

        // Nothing internal anywhere in the package: body, styles, document properties.
        var everything = AllText(path);
        foreach (var secret in new[] { Reporter, ReporterId, Evidence, "intranet.wuhan.example", Share, "fileserver", NextSteps, "u-water", "水务局联络员" })
        {
            Assert.DoesNotContain(secret, everything);
        }
    }

    [Fact]
    public async Task A_task_without_reports_is_disclosed_as_not_yet_reported_over_an_existing_file_with_the_default_period_and_office()
    {
        Assert.Equal(0, (await RunAsync("demo")).Exit);
        var path = Path.Combine(_folder, "notice-4.docx");
        await File.WriteAllTextAsync(path, "an older file"); // replaced, as export -o replaces its file

        var (exit, _, error) = await RunAsync("disclose", "4", "--output", path, "--Clock:Today=2019-03-20");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var paragraphs = Read(path, out var document);
        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
        }
        Assert.Equal("关于环境保护督察反馈问题第4项整改情况的公示", paragraphs[0]);
        var progress = paragraphs.IndexOf("四、整改完成情况");
        Assert.Equal(DisclosureWords.NotYetReported, paragraphs[progress + 1]);
        Assert.Equal("五、责任单位", paragraphs[progress + 2]);
        Assert.Contains("尚未报送整改进展情况", DisclosureWords.NotYetReported);
        Assert.Contains("公示时间为2019年3月20日至2019年3月26日（共7天）。", paragraphs);
        Assert.Equal(["整改工作领导小组办公室", "2019年3月20日"], paragraphs.TakeLast(2));
    }

    [Fact]
    public async Task An_unknown_task_or_a_period_ending_before_it_starts_is_one_line_exit_1_and_no_file()
    {
        Assert.Equal(0, (await RunAsync("demo")).Exit);
        var path = Path.Combine(_folder, "none.docx");

        var (exit, output, error) = await RunAsync("disclose", "99", "-o", path);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("no task 99", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(path));

        (exit, _, error) = await RunAsync("disclose", "3", "-o", path, "--from", "2019-04-15", "--to", "2019-04-14");
        Assert.Equal(1, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(path));

        (exit, _, error) = await RunAsync("disclose", "3", "-o", path, "--from", "2019/04/15");
        Assert.NotEqual(0, exit);
        Assert.Contains("yyyy-MM-dd", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("福新泵站建成投运，照片见 https://sp.example/sites/x/a.jpg 。", "福新泵站建成投运，照片见 。")]
    [InlineData(@"方案已印发（\\oa\share\方案.docx）", "方案已印发（）")]
    [InlineData("完成率达到90%。", "完成率达到90%。")]
    public void A_link_typed_into_a_summary_is_left_out_of_the_notice(string summary, string published) =>
        Assert.Equal(published, DisclosureProgress.PublicText(summary));

    /// <summary>The body's paragraphs as text, in order; the document stays open for the caller's checks.</summary>
    private static List<string> Read(string path, out WordprocessingDocument document)
    {
        document = WordprocessingDocument.Open(path, false);
        return [.. document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText)];
    }

    /// <summary>Every entry of the .docx package as text (XML included), for looking for what must not be there.</summary>
    private static string AllText(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return string.Join("\n", zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }
}
