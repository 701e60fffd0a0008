using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace RectifyBot.Dialogs.Recognition;

/// <summary>One intent and how sure the model is of it (its probability among all intents).</summary>
public sealed record IntentScore(string Intent, float Score);

/// <summary>
/// The intent classifier: ML.NET text featurization (character 1–3-grams, which suit Chinese, plus word 1–2-grams for
/// English) and a maximum-entropy multiclass trainer, trained from the labelled corpus at first use. Training is
/// deterministic: one seed, one thread. Slots (task numbers, months, spans) are not its business; see
/// <see cref="CommandRecognizer"/>.
/// </summary>
public sealed partial class IntentModel
{
    private static readonly Lazy<IntentModel> Trained = new(() => Train(IntentCorpus.Training()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PredictionEngine<Example, Prediction> _engine;
    private readonly string[] _intents;
    private readonly Lock _lock = new();

    private IntentModel(PredictionEngine<Example, Prediction> engine, string[] intents, TimeSpan trainingTime, int examples)
    {
        _engine = engine;
        _intents = intents;
        TrainingTime = trainingTime;
        Examples = examples;
    }

    /// <summary>The model trained on the repository's corpus, once per process.</summary>
    public static IntentModel Shared => Trained.Value;

    /// <summary>True once <see cref="Shared"/> has been trained (for readiness).</summary>
    public static bool IsTrained => Trained.IsValueCreated;

    public TimeSpan TrainingTime { get; }

    public int Examples { get; }

    /// <summary>The intents the model knows, in its own order.</summary>
    public IReadOnlyList<string> Intents => _intents;

    public static IntentModel Train(IEnumerable<IntentExample> examples)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var rows = examples.Select(e => new Example { Text = Prepare(e.Text), Label = e.Intent }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurize = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", featurize, nameof(Example.Text)))
            .AppendCacheCheckpoint(ml) // the trainer passes over the data many times (and shuffles it): featurize once
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 40,
                L2Regularization = 1e-5f,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Example, Prediction>(model);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        engine.OutputSchema["Score"].GetSlotNames(ref names);
        var intents = names.DenseValues().Select(n => n.ToString()).ToArray();
        return new IntentModel(engine, intents, started.Elapsed, rows.Count);
    }

    /// <summary>Every intent with its probability, likeliest first.</summary>
    public IReadOnlyList<IntentScore> Score(string text)
    {
        float[] scores;
        lock (_lock)
        {
            scores = _engine.Predict(new Example { Text = Prepare(text) }).Score ?? [];
        }
        return scores.Select((s, i) => new IntentScore(_intents[i], s)).OrderByDescending(s => s.Score).ThenBy(s => s.Intent, StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"(?<=\d)\s*[%％]")]
    private static partial Regex PercentSign();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    /// <summary>A unit's name as plans write them: 市水务局, 住建局, 武昌区政府, 东湖高新区管委会, 市生态环境局.</summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}]{1,10}?(?:管委会|人民政府|政府|委员会|局|委|厅|(?<=[\p{IsCJKUnifiedIdeographs}]{2})区)(?![\p{IsCJKUnifiedIdeographs}]*?(?:函|会议))")]
    private static partial Regex ChineseUnit();

    /// <summary>the Water Authority, the housing bureau, Wuchang District, the Development and Reform Commission.</summary>
    [GeneratedRegex(@"\b(?:the\s+)?(?:[a-z&'-]+\s+){0,4}?(?:bureau|authority|commission|department|district(?:\s+government)?|government)\b")]
    private static partial Regex EnglishUnit();

    /// <summary>
    /// What the model reads: full-width folded, every task named the same way (任务0), a percent sign written as 百分之 (as 80% and 百分之八十 say the same), every
    /// number one digit (task 3 and task 15 read alike: the number is a slot, not a word of the intent).
    /// </summary>
    public static string Prepare(string text)
    {
        var folded = CommandRecognizer.MaskTasks((text ?? "").Normalize(NormalizationForm.FormKC).ToLowerInvariant());
        folded = PercentSign().Replace(folded, "百分");
        folded = ChineseUnit().Replace(folded, "某单位");
        folded = EnglishUnit().Replace(folded, "the unit");
        return Digits().Replace(folded, "0");
    }

    private sealed class Example
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        [ColumnName("PredictedLabel")]
        public string Intent { get; set; } = "";

        public float[]? Score { get; set; }
    }
}
