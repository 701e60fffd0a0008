using RectifyBot.Cards;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The language a message the bot sends first is written in: the one the person last wrote to the bot in (the locale
/// kept on their personal address), Chinese when it is not known. A planner builds each card once per language, not per
/// recipient, through <see cref="PerLanguage{T}"/>.
/// </summary>
public static class RecipientLanguage
{
    public static Language Of(ConversationAddress? to) => Localizer.FromLocale(to?.Locale);
}

/// <summary>Something built once per language on first use (a card and its summary), then shared by every recipient of that language.</summary>
public sealed class PerLanguage<T>(Func<Language, T> build)
{
    private readonly Dictionary<Language, T> _built = [];

    public T this[Language language] => _built.TryGetValue(language, out var built) ? built : _built[language] = build(language);
}
