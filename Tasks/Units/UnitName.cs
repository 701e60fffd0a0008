using System.Text;
using System.Text.RegularExpressions;

namespace RectifyBot.Tasks.Units;

/// <summary>
/// A unit name split into its place (江岸区, 各区, 武汉经济技术开发区) and organ (党委, 政府, 管委会),
/// with the alternatives written in parentheses: 党委(工委) also names 工委; 工委(汉南区委) also names 汉南区委.
/// Names that are not place-plus-organ (市水务局) keep only their normalised text.
/// </summary>
public sealed partial record UnitName(string Text, string Normalized, string? Place, IReadOnlyList<string> Organs, IReadOnlyList<string> Aliases)
{
    /// <summary>Organs of a place's leadership that task lists pair with place names.</summary>
    internal const string OrganPattern = "党委|党工委|工委|政府|管委会|人大常委会|人大|政协|纪委监委|纪委|区委|县委|市委";

    [GeneratedRegex(@"^(?<place>.*?(?:新城区|开发区|新区|区|县|市|州|镇|乡|街道))(?<organ>" + OrganPattern + @")(?:\((?<alt>[^()]*)\))?$")]
    private static partial Regex PlaceOrgan();

    [GeneratedRegex(@"^(?<place>.+?(?:区|县|市))委$")]
    private static partial Regex ShortPartyCommittee();

    [GeneratedRegex(@"^(?:" + OrganPattern + @")$")]
    private static partial Regex OrganOnly();

    /// <summary>
    /// Folds what extraction leaves in unit text: full-width forms, bracket variants, and spaces — dropped where they
    /// touch Chinese text or punctuation, one kept between two Latin words (City Water Authority).
    /// </summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsWhiteSpace(c))
            {
                var next = i + 1;
                while (next < folded.Length && char.IsWhiteSpace(folded[next]))
                {
                    next++;
                }
                if (sb.Length > 0 && next < folded.Length && char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(folded[next]))
                {
                    sb.Append(' ');
                }
                i = next - 1;
                continue;
            }
            sb.Append(c switch { '【' or '〔' or '[' => '(', '】' or '〕' or ']' => ')', _ => c });
        }
        return sb.ToString();
    }

    /// <summary>
    /// How every card and message writes a unit name: <see cref="Normalize"/>d, with the plan's full-width parentheses
    /// around alternatives in Chinese names (各区政府（管委会）), so a name read from the task list, typed in the directory or
    /// expanded from a collective name always shows the same. A collective name stays collective.
    /// </summary>
    public static string Display(string text)
    {
        var normalized = Normalize(text).Trim();
        return normalized.Any(c => c >= '\u3400') ? normalized.Replace('(', '（').Replace(')', '）') : normalized;
    }

    public static bool IsOrgan(string text) => OrganOnly().IsMatch(text);

    public static UnitName Parse(string text)
    {
        var normalized = Normalize(text);
        var m = PlaceOrgan().Match(normalized);
        if (m.Success)
        {
            var organs = new List<string> { CanonicalOrgan(m.Groups["organ"].Value) };
            var aliases = new List<string>();
            if (m.Groups["alt"].Success)
            {
                var alt = m.Groups["alt"].Value;
                if (IsOrgan(alt))
                {
                    organs.Add(CanonicalOrgan(alt));
                }
                else if (alt.Length > 0)
                {
                    aliases.Add(alt);
                }
            }
            return new UnitName(text, normalized, m.Groups["place"].Value, organs, aliases);
        }

        // 汉南区委: a district's party committee written short.
        var s = ShortPartyCommittee().Match(normalized);
        if (s.Success)
        {
            return new UnitName(text, normalized, s.Groups["place"].Value, ["党委"], []);
        }
        return new UnitName(text, normalized, null, [], []);
    }

    /// <summary>区委/县委/市委 are a place's 党委.</summary>
    private static string CanonicalOrgan(string organ) => organ is "区委" or "县委" or "市委" ? "党委" : organ;

    /// <summary>The collective scope of a name such as 各区, 各相关区, 各新城区 (区, 区, 新城区), or null.</summary>
    public string? CollectiveScope =>
        Place is { Length: > 1 } p && p[0] == '各' ? p[1..].Replace("相关", "", StringComparison.Ordinal) is { Length: > 0 } scope ? scope : null : null;

    /// <summary>The name without its parenthesised alternatives.</summary>
    public string Bare => Place is null ? Normalized : Place + Organs[0];
}
