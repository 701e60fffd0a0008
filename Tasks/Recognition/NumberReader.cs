using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.Number;

namespace RectifyBot.Tasks.Recognition;

/// <summary>Reads a whole number written as digits, a circled digit (①), or Chinese numerals (三, 十二, 一百零五).</summary>
public static class NumberReader
{
    private static readonly NumberModel ChineseNumbers = RecognizerCulture.Invariant(() => new NumberRecognizer(Culture.Chinese).GetNumberModel());

    /// <summary>The number the whole text writes, or null (Chinese numerals through Microsoft.Recognizers.Text.Number).</summary>
    public static int? Read(string text)
    {
        if (int.TryParse(text, out var n))
        {
            return n;
        }
        if (text.Length == 1 && text[0] is >= '①' and <= '⑳')
        {
            return text[0] - '①' + 1;
        }
        var result = RecognizerCulture.Invariant(() => ChineseNumbers.Parse(text)).FirstOrDefault(r => r.Text.Length == text.Length);
        return result?.Resolution?.TryGetValue("value", out var value) == true && int.TryParse(value?.ToString(), out var parsed) ? parsed : null;
    }
}
