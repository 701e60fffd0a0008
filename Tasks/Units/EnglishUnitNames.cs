using System.Text.RegularExpressions;

namespace RectifyBot.Tasks.Units;

/// <summary>
/// The usual English names of Chinese government departments (the water authority, the ecology and environment bureau,
/// the development and reform commission…) and the Chinese words their names are written with (水务, 生态环境, 发改…), so a
/// question in English can find a unit the plan names in Chinese. A glossary of departments, not of any one plan.
/// </summary>
public static partial class EnglishUnitNames
{
    private static readonly (Regex English, string[] Chinese)[] Glossary =
    [
        (Pattern(@"water (?:authority|bureau|affairs|resources)|water conservancy"), ["水务", "水利"]),
        (Pattern(@"ecolog(?:y|ical)|environment(?:al)?(?: protection)?|\bepb\b|\beeb\b"), ["生态环境", "环保", "环境保护"]),
        (Pattern(@"agricultur(?:e|al)|rural affairs"), ["农业农村", "农业", "农委"]),
        (Pattern(@"natural resources|(?:urban )?planning|land (?:and )?resources"), ["自然资源", "规划", "国土"]),
        (Pattern(@"housing|urban[- ]rural (?:development|construction)"), ["住房", "住建", "城乡建设"]),
        (Pattern(@"urban construction|construction (?:bureau|commission)"), ["城建", "城乡建设"]),
        (Pattern(@"urban management|city management|chengguan"), ["城管", "城市管理"]),
        (Pattern(@"transport(?:ation)?|traffic"), ["交通"]),
        (Pattern(@"development and reform|\bn?drc\b"), ["发改", "发展和改革"]),
        (Pattern(@"econom(?:y|ic) and information|industry and information"), ["经信", "经济和信息化"]),
        (Pattern(@"commerce|commercial"), ["商务"]),
        (Pattern(@"forestry|landscap(?:e|ing) and forestry|gardens?"), ["林业", "园林"]),
        (Pattern(@"health(?: commission)?"), ["卫健", "卫生"]),
        (Pattern(@"culture and tourism|tourism"), ["文旅", "文化和旅游"]),
        (Pattern(@"statistics"), ["统计"]),
        (Pattern(@"finance bureau|\bfinance\b"), ["财政"]),
        (Pattern(@"public security|police"), ["公安"]),
        (Pattern(@"education"), ["教育"]),
        (Pattern(@"emergency management"), ["应急"]),
        (Pattern(@"market (?:regulation|supervision)"), ["市场监管", "市场监督"]),
        (Pattern(@"general office"), ["办公厅"]),
    ];

    /// <summary>The Chinese words of the departments an English text names, in the order of the glossary.</summary>
    public static IReadOnlyList<string> ChineseWords(string text) =>
        [.. Glossary.Where(g => g.English.IsMatch(text)).SelectMany(g => g.Chinese)];

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
