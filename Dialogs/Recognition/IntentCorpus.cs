using System.Globalization;

namespace RectifyBot.Dialogs.Recognition;

/// <summary>One labelled message: its text, its intent, and the task it names (if any).</summary>
public sealed record IntentExample(string Text, string Intent, int? Task = null);

/// <summary>
/// The labelled corpus kept as data under <c>Dialogs/Recognition/Corpus/</c> (embedded in the build): lines of
/// <c>text⇥intent⇥task</c>, the task optional; <c>#</c> comments and empty lines skipped.
/// </summary>
public static class IntentCorpus
{
    /// <summary>The intent of messages that ask for nothing the bot does.</summary>
    public const string None = "None";

    /// <summary>The examples the model is trained on (Chinese and English).</summary>
    public static IReadOnlyList<IntentExample> Training() => [.. Embedded("train.zh.tsv"), .. Embedded("train.en.tsv")];

    /// <summary>The held-out examples, written apart from the training ones and never trained on.</summary>
    public static IReadOnlyList<IntentExample> HeldOut(string language) => Embedded($"heldout.{language}.tsv");

    public static IReadOnlyList<IntentExample> Embedded(string name)
    {
        using var stream = typeof(IntentCorpus).Assembly.GetManifestResourceStream($"RectifyBot.Dialogs.Recognition.Corpus.{name}")
            ?? throw new InvalidOperationException($"Corpus/{name} is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), name);
    }

    /// <summary>
    /// Reads TSV text: each line <c>text⇥intent[⇥task]</c>. A line that is not of that shape is refused with its line
    /// number, so a corpus or an evaluation file is never read half right.
    /// </summary>
    public static IReadOnlyList<IntentExample> Parse(string tsv, string source)
    {
        var examples = new List<IntentExample>();
        var lines = tsv.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length is < 2 or > 3 || fields[0].Trim().Length == 0 || fields[1].Trim().Length == 0)
            {
                throw new FormatException($"{source}, line {i + 1}: expected text<TAB>intent<TAB>task (task optional), got {fields.Length} field(s).");
            }
            int? task = null;
            if (fields.Length == 3 && fields[2].Trim() is { Length: > 0 } number)
            {
                task = int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new FormatException($"{source}, line {i + 1}: the task «{number}» is not a whole number.");
            }
            examples.Add(new IntentExample(fields[0].Trim(), fields[1].Trim(), task));
        }
        return examples;
    }
}
