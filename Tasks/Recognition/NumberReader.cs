using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.Number;

namespace RectifyBot.Tasks.Recognition;

/// <summary>Reads a whole number written as digits, a circled digit (①), Chinese numerals (三, 十二, 一百零五) or English words (three, twenty-one).</summary>
public static class NumberReader
{
    private static readonly NumberModel ChineseNumbers = RecognizerCulture.Invariant(() => new NumberRecognizer(Culture.Chinese).GetNumberModel());
    private static readonly NumberModel EnglishNumbers = RecognizerCulture.Invariant(() => new NumberRecognizer(Culture.English).GetNumberModel());

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
        var model = text.Any(char.IsAsciiLetter) ? EnglishNumbers : ChineseNumbers; // three, twenty-one; 三, 十二
        var result = RecognizerCulture.Invariant(() => model.Parse(text)).FirstOrDefault(r => r.Text.Length == text.Length);
        return result?.Resolution?.TryGetValue("value", out var value) == true && int.TryParse(value?.ToString(), out var parsed) ? parsed : null;
    }
}
