using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Tests;

/// <summary>The report's rules, field by field, as pure functions: what passes, and the error code of what does not.</summary>
public class ReportValidatorTests
{
    private static readonly DateOnly Today = new(2019, 3, 10);

    [Theory]
    [InlineData("60", null, 60, null)]
    [InlineData("百分之七十", null, 70, null)]
    [InlineData("六成", null, 60, null)]
    [InlineData("101", null, 0, "percent")]
    [InlineData("60.5", null, 0, "percent")]
    [InlineData("80", RectificationStatus.Completed, 0, "completedNot100")]
    [InlineData("10", RectificationStatus.NotStarted, 0, "notStartedNot0")]
    [InlineData("100", RectificationStatus.Completed, 100, null)]
    public void Percent_is_a_whole_number_that_fits_the_status(string text, RectificationStatus? status, int value, string? error)
    {
        var result = ReportValidator.Percent(text, status);
        Assert.Equal(error, result.Error?.Code);
        if (error is null)
        {
            Assert.Equal(value, result.Value);
        }
    }

    [Fact]
    public void A_lower_percent_than_the_last_report_needs_a_reason()
    {
        Assert.Equal("reasonNeeded", ReportValidator.Reason("", 40, 60).Error?.Code);
        Assert.Equal([60, 40], ReportValidator.Reason(" ", 40, 60).Error!.Args);
        Assert.True(ReportValidator.Reason("", 60, 60).IsValid);
        Assert.Equal("施工方调整", ReportValidator.Reason(" 施工方调整 ", 40, 60).Value);
    }

    [Theory]
    [InlineData("泵站完工", null)]
    [InlineData("   ", "summaryRequired")]
    [InlineData("\u200B\u2060\uFEFF", "summaryRequired")]
    [InlineData("。。。", "summaryRequired")]
    [InlineData("完工\u202E", "invisible")]
    [InlineData("完工\u0007", "invisible")]
    [InlineData("完工\uE000", "invisible")]
    [InlineData("见 <b>附件</b>", "markup")]
    [InlineData("见 [附件](http://x)", "markup")]
    public void A_summary_must_say_something_in_visible_plain_text(string text, string? error) =>
        Assert.Equal(error, ReportValidator.Summary(text).Error?.Code);

    [Fact]
    public void Line_breaks_and_tabs_are_text_and_free_text_is_stored_in_nfc()
    {
        Assert.True(ReportValidator.Summary("第一行\n第二行\t完").IsValid);
        Assert.Equal("é", ReportValidator.NextSteps("e\u0301").Value);
        Assert.Equal("tooLong", ReportValidator.Summary(new string('字', ReportRules.MaxSummary + 1)).Error?.Code);
    }

    [Theory]
    [InlineData("1,3", 7, new[] { 1, 3 }, null)]
    [InlineData("三、一", 7, new[] { 1, 3 }, null)]
    [InlineData("", 7, new int[0], null)]
    [InlineData("8", 7, null, "measures")]
    [InlineData("1,x", 7, null, "measures")]
    public void Measures_are_numbers_of_the_tasks_measures(string text, int count, int[]? expected, string? error)
    {
        var result = ReportValidator.Measures(text, count);
        Assert.Equal(error, result.Error?.Code);
        if (expected is not null)
        {
            Assert.Equal(expected, result.Value);
        }
    }

    [Fact]
    public void The_expected_date_must_be_readable_and_within_the_plans_years()
    {
        var task = Build.Task(3, deadline: "2020-12-31");
        var range = ReportRules.ExpectedDateRange(task, Today);
        Assert.Equal((new DateOnly(2018, 1, 1), new DateOnly(2025, 12, 31)), range);
        Assert.Equal(new DateOnly(2019, 6, 30), ReportValidator.Expected("2019年6月底", Today, range).Value.Date);
        Assert.Equal("dateRange", ReportValidator.Expected("1900-01-01", Today, range).Error?.Code);
        Assert.Equal("dateRange", ReportValidator.Expected("2030年1月1日", Today, range).Error?.Code);
        Assert.Equal("date", ReportValidator.Expected("2019年2月30日", Today, range).Error?.Code);
        Assert.True(ReportValidator.Expected("", Today, range).IsValid);
    }

    [Theory]
    [InlineData("https://example.gov.cn/a.pdf\nhttp://b.cn/c.jpg", null)]
    [InlineData("javascript:alert(1)", "link")]
    [InlineData("file:///etc/passwd", "link")]
    [InlineData("https://a.cn/\u0000", "invisible")]
    public void Evidence_is_http_links(string text, string? error) =>
        Assert.Equal(error, ReportValidator.Evidence(text).Error?.Code);

    [Fact]
    public void The_whole_report_reports_every_wrong_field_at_once()
    {
        var task = Build.Task(3, deadline: "2020-12-31");
        var fields = new ReportFields { Status = "Completed", Percent = "80", Summary = "\u200B", MeasuresDone = "99", Expected = "1900-01-01", Evidence = "ftp://x" };
        var validation = ReportValidator.Validate(fields, task, null, Today);
        Assert.False(validation.IsValid);
        Assert.Equal(
            new HashSet<string> { ReportFields.PercentId, ReportFields.SummaryId, ReportFields.MeasuresDoneId, ReportFields.ExpectedId, ReportFields.EvidenceId },
            validation.Errors.Keys.ToHashSet());
    }

    [Fact]
    public void Only_the_statuses_a_reporter_may_choose_are_read()
    {
        Assert.Equal(RectificationStatus.InProgress, StatusReader.Read("推进中"));
        Assert.Equal(RectificationStatus.Lagging, StatusReader.Read("4"));
        Assert.Null(StatusReader.Read(nameof(RectificationStatus.SignedOff))); // sign-off is the coordination office's
        Assert.Null(StatusReader.Read("5"));
    }
}
