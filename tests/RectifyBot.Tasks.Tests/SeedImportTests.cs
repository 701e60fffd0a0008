using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Tests;

/// <summary>The Wuhan 2018 plan exactly as the document site served it (footers, chunk markers and site chrome included).</summary>
public class SeedImportTests
{
    private static readonly ParsedPlan Plan = Shared.Parser.ParseFile(Shared.Fixture("wuhan-2018-plan.txt"), Shared.PlanDate);

    private static RectificationTask Task(int n) => Plan.Tasks.Single(t => t.Number == n);

    [Fact]
    public void Finds_exactly_the_four_tasks_and_reads_every_field()
    {
        Assert.Equal([1, 2, 3, 4], Plan.Tasks.Select(t => t.Number));
        Assert.Empty(Plan.Issues);
        Assert.All(Plan.Tasks, t =>
        {
            Assert.Equal("问题类", t.Category);
            Assert.Equal("(一)统筹经济发展与环境保护不够", t.Section);
            Assert.DoesNotContain("- ", t.Problem[..2]);
        });
    }

    [Fact]
    public void Task_1()
    {
        var t = Task(1);
        Assert.StartsWith("有的区和部门对推动绿色发展的意愿不强烈", t.Problem);
        Assert.EndsWith("对发展和保护的关系处理还不到位。", t.Problem);
        Assert.StartsWith("深入学习贯彻习近平生态文明思想", t.Goal);
        Assert.EndsWith("推动经济发展与生态环境保护相协调。", t.Goal); // joined across the site's chunk marker 9、
        Assert.Equal(6, t.Measures.Count);
        Assert.StartsWith("深刻学习贯彻习近平生态文明思想", t.Measures[0]);
        Assert.Contains("充分考虑区域水资源承载能力", t.Measures[2]); // the page footer "- 6 -" inside it is gone
        Assert.StartsWith("严守绿色生态底线", t.Measures[5]);
        Assert.Equal(new Deadline(new DateOnly(2018, 12, 31), "2018 年底之前", DeadlineKind.Dated), t.Deadline);
        Assert.Equal(["市委办公厅", "市政府办公厅"], t.LeadUnits.Names);
        Assert.Equal("市发改委、市经信局、市自然资源和规划局、市生态环境局、市水务局、市农业农村局、市商务局、市统计局,各区党委(工委) 、政府(管委会)", t.ResponsibleUnits.Text);
        Assert.Equal(["市发改委", "市经信局", "市自然资源和规划局", "市生态环境局", "市水务局", "市农业农村局", "市商务局", "市统计局", "各区党委(工委)", "各区政府(管委会)"], t.ResponsibleUnits.Names);
        Assert.EndsWith("各区党委(工委) 、政府(管委会)主要负责人", t.ResponsiblePersons);
        Assert.StartsWith("市委办公厅、市政府办公厅、市发改委", t.ResponsiblePersons);
    }

    [Fact]
    public void Task_2()
    {
        var t = Task(2);
        Assert.Equal("禁养区内部分畜禽养殖场仍然暂缓退养至 2028 年。", t.Problem);
        Assert.StartsWith("禁养区暂缓退养企业废弃物全部达到资源化利用", t.Goal); // footer "- 7 -" removed
        Assert.Equal(2, t.Measures.Count);
        Assert.StartsWith("落实畜禽养殖“三区”", t.Measures[0]);
        Assert.Equal("严格自查、举一反三,杜绝类似问题再次发生。", t.Measures[1]);
        Assert.Equal(new DateOnly(2020, 12, 31), t.Deadline.Date);
        Assert.Empty(t.LeadUnits.Names);
        Assert.Equal(["市农业农村局", "各新城区党委", "各新城区政府", "武汉经济技术开发区工委(汉南区委)", "武汉经济技术开发区管委会(政府)"], t.ResponsibleUnits.Names);
    }

    [Fact]
    public void Task_3()
    {
        var t = Task(3);
        Assert.StartsWith("一些区和部门对重点、难点环境问题缺乏彻底根治的信心", t.Problem);
        Assert.EndsWith("青山区等六区均未完成雨污分流改造。", t.Problem);
        Assert.Equal(7, t.Measures.Count);
        Assert.StartsWith("市水务局督促各主城区政府", t.Measures[0]);
        Assert.StartsWith("青山区分年度对未实施雨污分流改造的 31 个小区", t.Measures[6]);
        Assert.Equal(new Deadline(new DateOnly(2020, 12, 31), "2020 年底之前", DeadlineKind.Dated), t.Deadline);
        Assert.Empty(t.LeadUnits.Names);
        Assert.StartsWith("市水务局、市城建局", t.ResponsibleUnits.Text);
        Assert.Equal("市水务局、市城建局,江岸、硚口、武昌、汉阳、洪山、青山区党委、政府", t.ResponsibleUnits.Text);
        Assert.Equal(14, t.ResponsibleUnits.Names.Count);
        Assert.Contains("江岸区政府", t.ResponsibleUnits.Names);
        Assert.Contains("青山区党委", t.ResponsibleUnits.Names);
    }

    [Fact]
    public void Task_4_ends_before_the_site_trailer()
    {
        var t = Task(4);
        Assert.Equal("一些区对生态环境保护重视不够。2017 年以来党委常委会、政府常务会很少研究生态环境保护工作。", t.Problem);
        Assert.Equal(2, t.Measures.Count);
        Assert.Equal(new DateOnly(2018, 12, 31), t.Deadline.Date);
        Assert.Equal(["各相关区党委", "各相关区政府"], t.ResponsibleUnits.Names);
        Assert.Equal("各相关区党委、政府主要负责人", t.ResponsiblePersons);
    }
}
