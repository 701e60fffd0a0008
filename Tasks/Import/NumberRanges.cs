namespace RectifyBot.Tasks.Import;

/// <summary>Task numbers as a reader scans them: runs written as ranges (<c>1–1000</c>, <c>3, 5–7</c>), not every number.</summary>
public static class NumberRanges
{
    public static string Format(IEnumerable<int> numbers)
    {
        var sorted = numbers.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var start = i;
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }
            parts.Add(i == start ? $"{sorted[i]}" : i == start + 1 ? $"{sorted[start]}, {sorted[i]}" : $"{sorted[start]}–{sorted[i]}");
            i++;
        }
        return string.Join(", ", parts);
    }
}
