using RectifyBot.Tasks.Units;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards;

/// <summary>
/// Unit names as every card shows them: one display form (<see cref="UnitName.Display"/>, so 各区政府(管委会) from the task
/// list and 各区政府（管委会） typed in the directory look the same), clipped, and safe as card text. Collective names are
/// shown as named, never expanded into districts.
/// </summary>
public static class UnitText
{
    /// <summary>Longest unit name a card line shows.</summary>
    public const int MaxChars = 60;

    /// <summary>For a TextBlock or fact (Markdown escaped).</summary>
    public static string Show(string unit, int max = MaxChars) => Plain(Clip(UnitName.Display(unit), max));

    /// <summary>For plain text where Markdown is read as in a message (notification summaries).</summary>
    public static string ShowInMessage(string unit) => Markdown.Escape(UnitName.Display(unit));

    /// <summary>
    /// A task's units on one line, as named on it: the first <paramref name="shown"/>, then "等N个单位" / "and N more".
    /// </summary>
    public static string List(IReadOnlyList<string> units, Language language, int shown = 3)
    {
        var sep = Localizer.Get(language, "digest.sep");
        var names = string.Join(sep, units.Take(shown).Select(u => Show(u, 30)));
        return units.Count <= shown ? names : Localizer.Get(language, "overdue.unitsMore", names, units.Count, units.Count - shown);
    }
}
