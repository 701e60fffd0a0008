using System.Globalization;
using System.Text;

namespace RectifyBot.Dialogs.Recognition;

/// <summary>How one intent fared: its examples, how many the model named right, and how many the bot acted on.</summary>
public sealed record IntentResult(string Intent, int Examples, int Correct, int ActedOn, int ActedCorrect);

/// <summary>
/// The model measured on labelled messages (the held-out corpus, or anyone's own file through <c>nlu eval</c>): accuracy
/// per intent, the confusion matrix, how often the bot acts rather than asking back and how often it is right when it
/// acts, and whether the task number was read.
/// </summary>
public sealed class IntentEvaluation
{
    private readonly Dictionary<(string Expected, string Predicted), int> _confusion = [];

    private IntentEvaluation(IReadOnlyList<string> intents) => Intents = intents;

    /// <summary>Rows and columns of the confusion matrix: the model's intents, then any the file names that the model does not know.</summary>
    public IReadOnlyList<string> Intents { get; private set; }

    public IReadOnlyList<IntentResult> PerIntent { get; private set; } = [];

    public int Total { get; private set; }

    public int Correct { get; private set; }

    /// <summary>Messages the bot acted on (did not ask back or answer "not understood").</summary>
    public int ActedOn { get; private set; }

    public int ActedCorrect { get; private set; }

    /// <summary>Messages labelled with a task, and how many of them had that task read.</summary>
    public int TasksLabelled { get; private set; }

    public int TasksRead { get; private set; }

    /// <summary>The messages whose labelled task was not read, with what was read instead (null: none).</summary>
    public IReadOnlyList<(string Text, int Task, int? Read)> TasksMissed => _tasksMissed;

    private readonly List<(string Text, int Task, int? Read)> _tasksMissed = [];

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public double ActedRate => Total == 0 ? 0 : (double)ActedOn / Total;

    public double ActedAccuracy => ActedOn == 0 ? 0 : (double)ActedCorrect / ActedOn;

    public int Count(string expected, string predicted) => _confusion.GetValueOrDefault((expected, predicted));

    public static IntentEvaluation Run(IntentModel model, IReadOnlyList<IntentExample> examples, DateOnly today)
    {
        var evaluation = new IntentEvaluation([.. model.Intents, .. examples.Select(e => e.Intent).Where(i => !model.Intents.Contains(i)).Distinct().Order(StringComparer.Ordinal)]);
        var results = evaluation.Intents.ToDictionary(i => i, i => new IntentResult(i, 0, 0, 0, 0));
        foreach (var example in examples)
        {
            var predicted = model.Score(CommandRecognizer.Normalize(example.Text))[0].Intent;
            var command = CommandRecognizer.Recognize(example.Text, today, model);
            var acted = command.Kind is not (CommandKind.Clarify or CommandKind.Unknown) || command.Kind == CommandKind.Unknown && predicted == IntentCorpus.None;
            var actedRight = acted && IntentOf(command) == example.Intent;
            evaluation._confusion[(example.Intent, predicted)] = evaluation.Count(example.Intent, predicted) + 1;
            var r = results[example.Intent];
            results[example.Intent] = r with
            {
                Examples = r.Examples + 1,
                Correct = r.Correct + (predicted == example.Intent ? 1 : 0),
                ActedOn = r.ActedOn + (acted ? 1 : 0),
                ActedCorrect = r.ActedCorrect + (actedRight ? 1 : 0),
            };
            if (example.Task is { } task)
            {
                evaluation.TasksLabelled++;
                var read = CommandRecognizer.TaskNumberIn(example.Text);
                if (read == task)
                {
                    evaluation.TasksRead++;
                }
                else
                {
                    evaluation._tasksMissed.Add((example.Text, task, read));
                }
            }
        }
        evaluation.PerIntent = [.. evaluation.Intents.Select(i => results[i]).Where(r => r.Examples > 0)];
        evaluation.Total = examples.Count;
        evaluation.Correct = evaluation.PerIntent.Sum(r => r.Correct);
        evaluation.ActedOn = evaluation.PerIntent.Sum(r => r.ActedOn);
        evaluation.ActedCorrect = evaluation.PerIntent.Sum(r => r.ActedCorrect);
        return evaluation;
    }

    /// <summary>The corpus intent a command answers (a one-sentence report is a report; not understood is None).</summary>
    private static string IntentOf(Command command) => command.Kind switch
    {
        CommandKind.ReportInOneSentence => nameof(CommandKind.Report),
        CommandKind.Unknown => IntentCorpus.None,
        _ => command.Kind.ToString(),
    };

    /// <summary>The figures as text: totals, a line an intent, the confusion matrix (rows as labelled, columns as predicted).</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        sb.AppendLine(invariant, $"{Total} messages: intent right {Correct} ({Percent(Accuracy)}); acted on {ActedOn} ({Percent(ActedRate)}), right when acting {ActedCorrect} ({Percent(ActedAccuracy)}); asked back or not understood {Total - ActedOn}.");
        if (TasksLabelled > 0)
        {
            sb.AppendLine(invariant, $"Task numbers: {TasksRead} of {TasksLabelled} read ({Percent((double)TasksRead / TasksLabelled)}).");
            foreach (var (text, task, read) in TasksMissed)
            {
                sb.AppendLine(invariant, $"  task {task} not read ({(read is { } r ? $"read {r}" : "none read")}): {text}");
            }
        }
        sb.AppendLine();
        var width = Math.Max(6, PerIntent.Max(r => r.Intent.Length));
        sb.AppendLine(invariant, $"{"#",3}  {"intent".PadRight(width)}  {"n",5}  {"right",7}  {"acted",7}  {"right when acting",17}");
        var codes = PerIntent.Select((r, i) => (r.Intent, Code: i + 1)).ToDictionary(x => x.Intent, x => x.Code);
        var columns = Intents.Where(i => PerIntent.Any(r => Count(r.Intent, i) > 0)).ToList();
        foreach (var r in PerIntent)
        {
            sb.AppendLine(invariant, $"{codes[r.Intent],3}  {r.Intent.PadRight(width)}  {r.Examples,5}  {Percent((double)r.Correct / r.Examples),7}  {Percent((double)r.ActedOn / r.Examples),7}  {(r.ActedOn == 0 ? "-" : Percent((double)r.ActedCorrect / r.ActedOn)),17}");
        }
        sb.AppendLine();
        sb.AppendLine("Confusion (rows: as labelled; columns: as predicted, by the numbers above or the name of an intent not labelled here):");
        var headers = columns.Select(c => codes.TryGetValue(c, out var code) ? code.ToString(invariant) : c).ToList();
        sb.Append(' ', width + 5);
        foreach (var h in headers)
        {
            sb.Append(h.PadLeft(Math.Max(4, h.Length + 1)));
        }
        sb.AppendLine();
        foreach (var r in PerIntent)
        {
            sb.Append(invariant, $"{codes[r.Intent],3}  {r.Intent.PadRight(width)}");
            for (var c = 0; c < columns.Count; c++)
            {
                var n = Count(r.Intent, columns[c]);
                sb.Append((n == 0 ? "." : n.ToString(invariant)).PadLeft(Math.Max(4, headers[c].Length + 1)));
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
