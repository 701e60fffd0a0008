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
}
