using BenchmarkDotNet.Attributes;
using RectifyBot.Dialogs.Recognition;

namespace RectifyBot.Benchmarks;

/// <summary>
/// The intent model: training it on the repository's corpus (what the build does once), loading the file the build wrote
/// (what every host does at start), and reading one message with it and the slot readers (what every turn does). The first training in a fresh process also pays for
/// loading and compiling ML.NET; <c>nlu eval</c> prints that figure.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class IntentBenchmarks
{
    private static readonly DateOnly Today = new(2019, 3, 20);
    private IReadOnlyList<IntentExample> _corpus = null!;
    private IntentModel _model = null!;
    private string _folder = null!;
    private string _fingerprint = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = IntentCorpus.Training();
        _model = IntentModel.Train(_corpus);
        _folder = Directory.CreateTempSubdirectory("rectifybot-intent-bench-").FullName;
        _fingerprint = IntentModel.Fingerprint(_corpus);
        _model.Save(Path.Combine(_folder, IntentModel.FileName), _fingerprint);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, true);

    [Benchmark]
    public IntentModel Train() => IntentModel.Train(_corpus);

    /// <summary>What a host does at start: the model the build wrote, read back.</summary>
    [Benchmark]
    public IntentModel? Load() => IntentModel.Load(Path.Combine(_folder, IntentModel.FileName), _fingerprint, _corpus.Count);

    [Benchmark]
    public Command RecognizeQuestion() => CommandRecognizer.Recognize("麻烦帮我看下任务3进度怎么样了", Today, _model);

    [Benchmark]
    public Command RecognizeReport() => CommandRecognizer.Recognize("task 3 is 75% done, pumps installed", Today, _model);
}
