using Microsoft.Recognizers.Text;

namespace RectifyBot.Tasks.Recognition;

/// <summary>The resolutions a Microsoft.Recognizers.Text date-time result carries (<c>values</c>: timex, type, value, start, end).</summary>
public static class Resolution
{
    public static IEnumerable<Dictionary<string, string>> Values(ModelResult result) =>
        result.Resolution?.TryGetValue("values", out var values) == true && values is IEnumerable<Dictionary<string, string>> list ? list : [];
}
