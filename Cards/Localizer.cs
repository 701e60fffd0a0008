using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace RectifyBot.Cards;

public enum Language
{
    Chinese,
    English,
}

/// <summary>The words of both languages, read from the embedded <c>Strings/zh.json</c> and <c>Strings/en.json</c>.</summary>
public static class Localizer
{
    private static readonly FrozenDictionary<Language, FrozenDictionary<string, string>> Strings = new Dictionary<Language, FrozenDictionary<string, string>>
    {
        [Language.Chinese] = Load("zh"),
        [Language.English] = Load("en"),
    }.ToFrozenDictionary();

    /// <summary>The answer's language from <c>activity.locale</c>: English for <c>en*</c>, Chinese otherwise (the default).</summary>
    public static Language FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.English : Language.Chinese;

    public static string Get(Language language, string key, params object?[] args)
    {
        var template = Strings[language].TryGetValue(key, out var s) ? s : throw new KeyNotFoundException($"No {language} text for «{key}».");
        return args.Length == 0 ? template : string.Format(Plurals.Instance, template, args);
    }

    /// <summary>
    /// A counted phrase: <c>&lt;key&gt;.one</c> for 1, <c>&lt;key&gt;.other</c> otherwise ("1 task", "2 tasks"); Chinese
    /// writes both the same. The count is <c>{0}</c>, <paramref name="args"/> follow it.
    /// </summary>
    public static string Count(Language language, string key, int count, params object?[] args) =>
        Get(language, key + (count == 1 ? ".one" : ".other"), [count, .. args]);

    /// <summary>A refused field's message (<c>error.&lt;code&gt;</c>).</summary>
    public static string Get(Language language, RectifyBot.Tasks.Rules.FieldError error) => Get(language, "error." + error.Code, error.Args);

    /// <summary>Each refused field's message, by field id.</summary>
    public static IReadOnlyDictionary<string, string> Get(Language language, IReadOnlyDictionary<string, RectifyBot.Tasks.Rules.FieldError> errors) =>
        errors.ToDictionary(e => e.Key, e => Get(language, e.Value));

    public static IReadOnlyCollection<string> Keys(Language language) => Strings[language].Keys;

    private static FrozenDictionary<string, string> Load(string name)
    {
        using var stream = typeof(Localizer).Assembly.GetManifestResourceStream($"RectifyBot.Cards.Strings.{name}.json")
            ?? throw new InvalidOperationException($"Strings/{name}.json is not embedded in this build.");
        return (JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? []).ToFrozenDictionary();
    }

    /// <summary>
    /// Formats <c>{0:day|days}</c> as the singular for a count of 1 and the plural otherwise, so an English text says
    /// "1 day overdue" and "3 days overdue" from one template (<c>{0} {0:day|days} overdue</c>); everything else is
    /// formatted as the invariant culture formats it.
    /// </summary>
    private sealed class Plurals : IFormatProvider, ICustomFormatter
    {
        public static readonly Plurals Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : CultureInfo.InvariantCulture.GetFormat(formatType);

        public string Format(string? format, object? arg, IFormatProvider? formatProvider)
        {
            if (format is not null && format.Split('|') is [var one, var other])
            {
                // A count passed as text ("3") chooses too; anything else is not a count: the plural, as English says "n/a days".
                return long.TryParse(Convert.ToString(arg, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count == 1 ? one : other;
            }
            return arg is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : arg?.ToString() ?? "";
        }
    }
}
