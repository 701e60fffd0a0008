using System.Globalization;
using System.Text;

namespace RectifyBot.Tasks.Rules;

/// <summary>
/// What people type into free-text fields, made comparable and honest: normalized to NFC and trimmed, and checked for
/// characters that look like nothing or change how text around them shows — control characters (NUL, ANSI escapes)
/// and format characters (zero-width spaces and joiners, bidirectional overrides such as U+202E). Line breaks and tabs
/// are text.
/// </summary>
public static class FreeText
{
    public static string Normalize(string? text) => (text ?? "").Normalize(NormalizationForm.FormC).Trim();

    /// <summary>True when the text holds a control or format character other than a line break or tab.</summary>
    public static bool HasInvisible(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsInvisible(rune))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The text without the characters <see cref="HasInvisible"/> finds, for showing input back to its author.</summary>
    public static string WithoutInvisible(string text)
    {
        if (!HasInvisible(text))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                sb.Append(rune.ToString());
            }
        }
        return sb.ToString();
    }

    /// <summary>True when the text says something: at least one letter or digit.</summary>
    public static bool HasContent(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsInvisible(Rune rune) => rune.Value is not ('\n' or '\r' or '\t') && Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => true,
        _ => rune.Value == 0xFFFD, // a replacement character: bytes that were not text
    };
}
