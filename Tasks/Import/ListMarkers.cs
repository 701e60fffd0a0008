using System.Text.RegularExpressions;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Tasks.Import;

/// <summary>Numbering levels of Chinese official documents: 一、 above （一） above 1. / 1、 above （1） / ①.</summary>
internal enum MarkerLevel
{
    Chapter = 1,
    Section = 2,
    Item = 3,
    SubItem = 4,
}

internal sealed record ListMarker(MarkerLevel Level, int Number, int Index, int Length)
{
    public int End => Index + Length;
}

internal static partial class ListMarkers
{
    private const string Numerals = "一二三四五六七八九十百零〇两";

    [GeneratedRegex(@"([" + Numerals + @"]{1,4})、")]
    private static partial Regex Chapter();

    [GeneratedRegex(@"[(（]\s*([" + Numerals + @"]{1,4})\s*[)）]")]
    private static partial Regex Section();

    [GeneratedRegex(@"(?<![\d.．A-Za-z])(\d{1,3})\s*[.．、](?![\d])")]
    private static partial Regex Item();

    [GeneratedRegex(@"[(（]\s*(\d{1,3})\s*[)）]|([①-⑳])")]
    private static partial Regex SubItem();

    public static IReadOnlyList<ListMarker> Find(string text, MarkerLevel level)
    {
        var regex = level switch
        {
            MarkerLevel.Chapter => Chapter(),
            MarkerLevel.Section => Section(),
            MarkerLevel.Item => Item(),
            _ => SubItem(),
        };
        var markers = new List<ListMarker>();
        foreach (Match m in regex.Matches(text))
        {
            if (ParseNumber(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) is { } n)
            {
                markers.Add(new ListMarker(level, n, m.Index, m.Length));
            }
        }
        return markers;
    }

    public static IEnumerable<ListMarker> FindAll(string text, MarkerLevel deepest) =>
        Enum.GetValues<MarkerLevel>().Where(l => l <= deepest).SelectMany(l => Find(text, l)).OrderBy(m => m.Index);

    /// <summary>A marker's number: digits, a circled digit, or Chinese numerals.</summary>
    public static int? ParseNumber(string text) => NumberReader.Read(text);

    /// <summary>
    /// Splits numbered measures ((1)…(2)…, 1.…2.…, ①…②…) into items without their numbering:
    /// the longest run numbered 1, 2, 3… in order at one level wins; unnumbered text is split by paragraph.
    /// </summary>
    public static IReadOnlyList<string> SplitNumbered(string text)
    {
        List<ListMarker> best = [];
        foreach (var level in new[] { MarkerLevel.SubItem, MarkerLevel.Item, MarkerLevel.Section })
        {
            var chain = new List<ListMarker>();
            foreach (var m in Find(text, level))
            {
                if (m.Number == chain.Count + 1 && (chain.Count > 0 || text[..m.Index].Trim().Length == 0 || m.Number == 1))
                {
                    chain.Add(m);
                }
            }
            if (chain.Count > best.Count)
            {
                best = chain;
            }
        }
        if (best.Count == 0)
        {
            return text.Split('\n').Select(Tidy).Where(s => s.Length > 0).ToList();
        }
        var items = new List<string>();
        var lead = Tidy(text[..best[0].Index]);
        for (var i = 0; i < best.Count; i++)
        {
            var end = i + 1 < best.Count ? best[i + 1].Index : text.Length;
            var item = Tidy(text[best[i].End..end]);
            if (item.Length > 0)
            {
                items.Add(item);
            }
        }
        if (lead.Length > 0)
        {
            items.Insert(0, lead);
        }
        return items;
    }

    /// <summary>Collapses line breaks and runs of spaces and trims the separators items are left with.</summary>
    public static string Tidy(string text) =>
        Regex.Replace(text.Replace('\n', ' '), @"\s{2,}", " ").Trim().TrimStart('、', ':', '：', '.', '．').TrimEnd('；', ';', '，', ',').Trim();
}
