using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Tests;

public class DeadlineReaderTests
{
    [Theory]
    [InlineData("2019 年 6 月底之前", "2019-06-30")]
    [InlineData("2018 年底之前", "2018-12-31")]
    [InlineData("2019年3月底前", "2019-03-31")]
    [InlineData("2020年12月31日前", "2020-12-31")]
    [InlineData("2019年6月30日", "2019-06-30")]
    [InlineData("２０１９年９月底前", "2019-09-30")]
    [InlineData("2019年上半年", "2019-06-30")]
    [InlineData("2019年第一季度", "2019-03-31")]
    [InlineData("2019年6月底前完成福新泵站，2019年底前完成肖家地泵站", "2019-12-31")]
    [InlineData("by the end of June 2019", "2019-06-30")]
    [InlineData("end of 2018", "2018-12-31")]
    [InlineData("December 31, 2020", "2020-12-31")]
    [InlineData("by 2019-03-31", "2019-03-31")]
    public void Reads_a_dated_deadline_as_its_last_day(string text, string expected)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(DateOnly.Parse(expected), deadline.Date);
        Assert.Equal(DeadlineKind.Dated, deadline.Kind);
        Assert.Equal(text, deadline.Text);
    }

    [Theory]
    [InlineData("长期坚持", DeadlineKind.LongTerm)]
    [InlineData("持续推进", DeadlineKind.LongTerm)]
    [InlineData("立行立改", DeadlineKind.Immediate)]
    [InlineData("立行立改，长期坚持", DeadlineKind.LongTerm)]
    [InlineData("ongoing", DeadlineKind.LongTerm)]
    public void Reads_undated_kinds(string text, DeadlineKind kind)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(kind, deadline.Kind);
        Assert.Null(deadline.Date);
    }

    [Fact]
    public void A_long_term_task_with_a_first_date_keeps_the_date()
    {
        var deadline = Shared.Deadlines.Read("2019年6月底前完成，长期坚持", Shared.PlanDate);
        Assert.Equal(new DateOnly(2019, 6, 30), deadline.Date);
        Assert.Equal(DeadlineKind.LongTerm, deadline.Kind);
    }

    [Theory]
    [InlineData("视情况而定")]
    [InlineData("年底前")]
    [InlineData("")]
    public void Keeps_what_it_cannot_read_as_unknown_text(string text)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(DeadlineKind.Unknown, deadline.Kind);
        Assert.Null(deadline.Date);
        Assert.Equal(text, deadline.Text);
    }

    [Theory]
    [InlineData("2019年一季度", "2019-03-31")]
    [InlineData("2019年第一季度", "2019-03-31")]
    [InlineData("2019年1季度", "2019-03-31")]
    [InlineData("2019年一季度末", "2019-03-31")]
    [InlineData("2019年一季度前", "2019-03-31")]
    [InlineData("2019 年一季度前", "2019-03-31")]
    [InlineData("2019年二季度", "2019-06-30")]
    [InlineData("2019年三季度", "2019-09-30")]
    [InlineData("2019年第三季度前", "2019-09-30")]
    [InlineData("2019年四季度", "2019-12-31")]
    [InlineData("2019年4季度", "2019-12-31")]
    [InlineData("2019年上半年", "2019-06-30")]
    [InlineData("2019年上半年前", "2019-06-30")]
    [InlineData("2019年下半年", "2019-12-31")]
    [InlineData("2019年底前", "2019-12-31")]
    [InlineData("2019年内", "2019-12-31")]
    [InlineData("Q3 2019", "2019-09-30")]
    [InlineData("by Q1 2019", "2019-03-31")]
    [InlineData("by Q4 2019", "2019-12-31")]
    [InlineData("end of Q2 2019", "2019-06-30")]
    [InlineData("first quarter of 2019", "2019-03-31")]
    [InlineData("first half of 2019", "2019-06-30")]
    [InlineData("H1 2019", "2019-06-30")]
    [InlineData("by H1 2019", "2019-06-30")]
    [InlineData("second half of 2019", "2019-12-31")]
    public void Reads_a_quarter_or_half_as_its_last_day(string text, string expected)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(DateOnly.Parse(expected), deadline.Date);
        Assert.Equal(DeadlineKind.Dated, deadline.Kind);
    }

    [Theory]
    [InlineData("2019年一季度完成排查，2019年底前全部完成", "2019-12-31")]
    [InlineData("2019年二季度完成排查，三季度完成整治", "2019-09-30")]
    public void A_staged_deadline_with_quarters_is_its_latest_stage(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), Shared.Deadlines.Read(text, Shared.PlanDate).Date);

    /// <summary>
    /// A quarter or half without a year is read in the plan's reference year (2018 here), even where that period has
    /// already ended by the reference date (一季度 of a plan dated 2018-11-01 is 2018-03-31): the reader does not move
    /// it to the next year on a guess; a plan that means next year names it.
    /// </summary>
    [Theory]
    [InlineData("一季度", "2018-03-31")]
    [InlineData("第二季度", "2018-06-30")]
    [InlineData("四季度", "2018-12-31")]
    [InlineData("上半年", "2018-06-30")]
    [InlineData("下半年", "2018-12-31")]
    [InlineData("Q1", "2018-03-31")]
    [InlineData("by Q4", "2018-12-31")]
    public void A_quarter_or_half_without_a_year_is_in_the_reference_year(string text, string expected)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(DateOnly.Parse(expected), deadline.Date);
        Assert.Equal(DeadlineKind.Dated, deadline.Kind);
    }

    /// <summary>A bare year names a period like 2019年上半年 does, so it means that period's last day, as 2019年内 does.</summary>
    [Theory]
    [InlineData("2019年")]
    [InlineData("2019")]
    public void A_bare_year_is_its_last_day(string text) =>
        Assert.Equal(new DateOnly(2019, 12, 31), Shared.Deadlines.Read(text, Shared.PlanDate).Date);

    [Theory]
    [InlineData("尽快")]
    [InlineData("按省要求")]
    [InlineData("另行通知")]
    [InlineData("适时")]
    [InlineData("TBD")]
    [InlineData("2019年初")]
    [InlineData("2019年中")]
    [InlineData("2019年年中")]
    public void Leaves_what_it_is_not_sure_of_unknown(string text)
    {
        var deadline = Shared.Deadlines.Read(text, Shared.PlanDate);
        Assert.Equal(DeadlineKind.Unknown, deadline.Kind);
        Assert.Null(deadline.Date);
        Assert.Equal(text, deadline.Text);
    }
}
