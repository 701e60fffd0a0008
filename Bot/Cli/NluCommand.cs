using System.CommandLine;
using RectifyBot.Dialogs.Recognition;
using Command = System.CommandLine.Command;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// <c>nlu eval &lt;file.tsv&gt;</c>: the intent model measured on anyone's own labelled phrasings (<see cref="IntentEvaluation"/>);
/// <c>nlu train [-o file]</c>: the model trained and written for the host to load (the build runs it).
/// </summary>
public static partial class RectifyCommandLine
{
    private static Command NluCommand(TextWriter output, TextWriter error)
    {
        var fileArgument = new Argument<FileInfo>("file") { Description = "A TSV file: text<TAB>intent<TAB>task on each line (task optional; # comments and empty lines skipped)." };
        var eval = new Command("eval", "Measure the intent model on labelled messages: accuracy per intent, how often the bot acts and is right when it does, task numbers read, the confusion matrix.")
        {
            fileArgument,
        };
        eval.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(fileArgument)!;
            if (!file.Exists)
            {
                await error.WriteLineAsync($"No such file: {file.FullName}");
                return 1;
            }
            IReadOnlyList<IntentExample> examples;
            try
            {
                examples = IntentCorpus.Parse(await File.ReadAllTextAsync(file.FullName, ct), file.Name);
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
            if (examples.Count == 0)
            {
                await error.WriteLineAsync($"{file.Name} holds no labelled message (text<TAB>intent<TAB>task on each line).");
                return 1;
            }
            var model = IntentModel.Shared;
            var unknown = examples.Select(e => e.Intent).Where(i => !model.Intents.Contains(i)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                await error.WriteLineAsync($"{file.Name} names intents the model does not know: {string.Join(", ", unknown)}. The intents are: {string.Join(", ", model.Intents.Order(StringComparer.Ordinal))}.");
                return 1;
            }
            var evaluation = IntentEvaluation.Run(model, examples, DateOnly.FromDateTime(DateTime.Today));
            await output.WriteLineAsync($"Model: {(model.Loaded ? "loaded, as the build trained it on" : "trained on")} {model.Examples} examples in {model.TrainingTime.TotalMilliseconds:F0} ms.");
            await output.WriteAsync(evaluation.Describe());
            return 0;
        });
        var outputOption = new Option<FileInfo>("--output", "-o") { Description = $"Where to write the model (default {IntentModel.FileName} beside the executable).", };
        var train = new Command("train", "Train the intent model on the corpus this build embeds and write it, with the fingerprint the host checks before using it (the build runs this).")
        {
            outputOption,
        };
        train.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(outputOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, IntentModel.FileName);
            var corpus = IntentCorpus.Training();
            var model = IntentModel.Train(corpus);
            model.Save(path, IntentModel.Fingerprint(corpus));
            await output.WriteLineAsync($"Trained on {model.Examples} examples in {model.TrainingTime.TotalMilliseconds:F0} ms; wrote {path}.");
            return 0;
        });
        return new Command("nlu", "The intent model.") { eval, train };
    }
}
