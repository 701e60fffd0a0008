using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests;

public class UnitTests
{
    private static readonly UnitMatcher Matcher = new(new Dictionary<string, IReadOnlyList<string>> { ["新城区"] = ["蔡甸区", "江夏区", "黄陂区", "新洲区"] });

    [Fact]
    public void Expands_a_shared_suffix_over_bare_district_names()
    {
        var units = UnitListParser.Parse("市水务局、市城建局，江岸、硚口、武昌、汉阳、洪山、青山区党委、政府");
        Assert.Equal(["市水务局", "市城建局",
            "江岸区党委", "硚口区党委", "武昌区党委", "汉阳区党委", "洪山区党委", "青山区党委",
            "江岸区政府", "硚口区政府", "武昌区政府", "汉阳区政府", "洪山区政府", "青山区政府"], units.Names);
        Assert.Equal("市水务局、市城建局，江岸、硚口、武昌、汉阳、洪山、青山区党委、政府", units.Text);
    }

    [Fact]
    public void Ignores_the_spaces_and_full_width_parentheses_extraction_leaves()
    {
        Assert.Equal(["各区党委(工委)", "各区政府(管委会)"], UnitListParser.Parse("各区党委（工委） 、政府（管委会）").Names);
        Assert.Equal(["各新城区党委", "各新城区政府"], UnitListParser.Parse("各新城区党委、政府").Names);
    }

    [Theory]
    [InlineData("各区党委(工委)", "江岸区党委", true)]
    [InlineData("各区政府(管委会)", "江岸区政府", true)]
    [InlineData("各区政府(管委会)", "东湖高新区管委会", true)]
    [InlineData("各区政府(管委会)", "市水务局", false)]
    [InlineData("各区政府(管委会)", "江岸区党委", false)]
    [InlineData("各相关区政府", "洪山区政府", true)]
    [InlineData("各新城区政府", "江夏区政府", true)]
    [InlineData("各新城区政府", "江岸区政府", false)]
    [InlineData("武汉经济技术开发区工委(汉南区委)", "汉南区委", true)]
    [InlineData("武汉经济技术开发区管委会(政府)", "武汉经济技术开发区政府", true)]
    [InlineData("江岸区政府", "江岸区 政府", true)]
    [InlineData("江岸区政府", "江汉区政府", false)]
    [InlineData("市水务局", "市 水务局", true)]
    [InlineData("市水务局", "市水务局办公室", false)]
    public void Matches_loose_task_units_against_directory_units(string taskUnit, string directoryUnit, bool expected) =>
        Assert.Equal(expected, Matcher.Matches(taskUnit, directoryUnit));

    [Fact]
    public void Expands_a_collective_term_to_every_district_unit_in_the_directory()
    {
        string[] directory = ["江岸区政府", "硚口区政府", "江岸区党委", "市水务局", "市领导小组综合协调组"];
        Assert.Equal(["江岸区政府", "硚口区政府"], Matcher.Expand("各区政府(管委会)", directory));
    }

    [Fact]
    public void Reports_units_that_match_nobody_instead_of_dropping_them()
    {
        var task = Build.Task(2, responsible: "市农业农村局,各新城区党委、政府,武汉经济技术开发区工委(汉南区委) 、管委会(政府)");
        var unmatched = Matcher.FindUnmatched([task], ["市农业农村局", "江岸区政府"]);
        Assert.Equal(["各新城区党委", "各新城区政府", "武汉经济技术开发区工委(汉南区委)", "武汉经济技术开发区管委会(政府)"], unmatched.Select(u => u.Name));
        Assert.All(unmatched, u => Assert.Equal([2], u.TaskNumbers));
    }
}
