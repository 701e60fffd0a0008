using System.Text.RegularExpressions;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Units;

/// <summary>
/// Reads the loosely written unit lists of a task list into unit names:
/// <c>市水务局、市城建局，江岸、硚口、青山区党委、政府</c> names 市水务局, 市城建局 and the 党委 and 政府 of 江岸区, 硚口区 and 青山区.
/// </summary>
public static partial class UnitListParser
{
    [GeneratedRegex(@"[，,；;]|(?<=\S)\s{2,}(?=\S)")]
    private static partial Regex GroupSeparator();

    [GeneratedRegex(@"[、/]|(?<=[局委办厅院部所会组室队站处])(?:和|及|与)")]
    private static partial Regex ItemSeparator();

    /// <summary>Closing words that say whose leader is meant, not which unit (主要负责人, 分管负责人).</summary>
    [GeneratedRegex(@"(?:的)?(?:主要|分管|有关)?(?:负责人|负责同志|领导)$")]
    private static partial Regex LeaderSuffix();

    [GeneratedRegex(@"(?:新城区|开发区|新区|区|县|市|镇|乡|街道)$")]
    private static partial Regex PlaceSuffix();

    public static UnitList Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return UnitList.Empty;
        }
        var names = new List<string>();
        foreach (var group in GroupSeparator().Split(UnitName.Normalize(text.Replace('\n', '，'))))
        {
            ExpandGroup(group, names);
        }
        return new UnitList(text.Trim(), names.Distinct(StringComparer.Ordinal).ToList());
    }

    private static void ExpandGroup(string group, List<string> names)
    {
        var items = ItemSeparator().Split(group).Select(i => i.Trim()).Where(i => i.Length > 0 && i is not "等").ToList();
        if (items.Count > 0)
        {
            items[^1] = LeaderSuffix().Replace(items[^1], "");
        }

        var barePlaces = new List<string>();
        var places = new List<string>();
        foreach (var item in items.Where(i => i.Length > 0))
        {
            if (IsOrganItem(item) && places.Count > 0)
            {
                // 政府 after 青山区党委: the same places' 政府.
                names.AddRange(places.Select(p => p + item));
                continue;
            }

            var name = UnitName.Parse(item);
            if (name.Place is { } place && !IsPlaceOnly(item))
            {
                // 青山区党委 after 江岸、硚口: the bare places take 青山区's suffix and organ.
                var suffix = PlaceSuffix().Match(place).Value;
                var expanded = barePlaces.Select(b => b.EndsWith(suffix, StringComparison.Ordinal) ? b : b + suffix).ToList();
                places = [.. expanded, place];
                barePlaces.Clear();
                var organText = item[place.Length..];
                names.AddRange(expanded.Select(p => p + organText));
                names.Add(item);
            }
            else if (IsBarePlace(item))
            {
                barePlaces.Add(item);
            }
            else
            {
                names.AddRange(barePlaces);
                barePlaces.Clear();
                places = [];
                names.Add(item);
            }
        }
        names.AddRange(barePlaces);
    }

    private static bool IsOrganItem(string item)
    {
        var open = item.IndexOf('(');
        return UnitName.IsOrgan(open > 0 ? item[..open] : item);
    }

    private static bool IsPlaceOnly(string item) => PlaceSuffix().IsMatch(item);

    /// <summary>A place written bare in a run (江岸, 硚口): short, with no unit word of its own.</summary>
    private static bool IsBarePlace(string item) =>
        IsPlaceOnly(item) || (item.Length <= 4 && !Regex.IsMatch(item, "[局委办厅院部所会组室队站处司中心]$"));
}
