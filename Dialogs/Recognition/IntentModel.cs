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
/// The intent classifier: ML.NET text featurization (character 1–2-grams, which suit Chinese, plus word 1-grams for
/// English) and a maximum-entropy multiclass trainer, trained from the labelled corpus. Training is deterministic: one
/// seed, one thread. The build trains it once and writes it next to the host (<see cref="FileName"/>, by
/// <c>nlu train</c>); a process loads that file when it was trained on the corpus this build embeds, and trains
/// otherwise. Slots (task numbers, months, spans) are not its business; see <see cref="CommandRecognizer"/>.
/// </summary>
public sealed partial class IntentModel
{
    /// <summary>The trained model's file, next to the host's assemblies.</summary>
    public const string FileName = "intent-model.zip";

    private static readonly Lazy<IntentModel> Trained = new(() => LoadOrTrain(Path.Combine(AppContext.BaseDirectory, FileName)), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly PredictionEngine<Example, Prediction> _engine;
    private readonly string[] _intents;
    private readonly Lock _lock = new();

    private IntentModel(MLContext ml, ITransformer model, DataViewSchema schema, TimeSpan readyIn, int examples, bool loaded)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _engine = ml.Model.CreatePredictionEngine<Example, Prediction>(model);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        _engine.OutputSchema["Score"].GetSlotNames(ref names);
        _intents = names.DenseValues().Select(n => n.ToString()).ToArray();
        TrainingTime = readyIn;
        Examples = examples;
        Loaded = loaded;
    }

    /// <summary>The model of the repository's corpus: loaded from the build's file when it matches, else trained, once per process.</summary>
    public static IntentModel Shared => Trained.Value;

    /// <summary>How long the model took to be ready: to train, or to load.</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>The examples it was trained on.</summary>
    public int Examples { get; }

    /// <summary>True when read from a file the build wrote, false when trained in this process.</summary>
    public bool Loaded { get; }

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
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
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
        return new IntentModel(ml, model, data.Schema, started.Elapsed, rows.Count, loaded: false);
    }

    /// <summary>
    /// What a saved model must match to be used: the corpus it was trained on, and how it was trained (this assembly's
    /// version of the featurization and trainer). A hash of the corpus and of this file's build.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<IntentExample> examples)
    {
        var text = string.Join("\n", examples.Select(e => $"{e.Text}\t{e.Intent}\t{e.Task}"));
        var build = typeof(IntentModel).Assembly.ManifestModule.ModuleVersionId;
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(build + "\n" + text)));
    }

    /// <summary>Writes the model (ML.NET's zip) and, beside it, the fingerprint of what it was trained on.</summary>
    public void Save(string path, string fingerprint)
    {
        _ml.Model.Save(_model, _schema, path);
        File.WriteAllText(path + ".fingerprint", fingerprint);
    }

    /// <summary>The saved model when its fingerprint is <paramref name="fingerprint"/>; null when there is none or it was trained on something else.</summary>
    public static IntentModel? Load(string path, string fingerprint, int examples)
    {
        if (!File.Exists(path) || !File.Exists(path + ".fingerprint") || File.ReadAllText(path + ".fingerprint").Trim() != fingerprint)
        {
            return null;
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(path, out var schema);
        return new IntentModel(ml, model, schema, started.Elapsed, examples, loaded: true);
    }

    /// <summary>The repository corpus's model from <paramref name="path"/> when the build wrote it for this corpus, else trained now.</summary>
    public static IntentModel LoadOrTrain(string path)
    {
        var corpus = IntentCorpus.Training();
        return Load(path, Fingerprint(corpus), corpus.Count) ?? Train(corpus);
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
