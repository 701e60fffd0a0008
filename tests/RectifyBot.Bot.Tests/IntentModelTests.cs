using RectifyBot.Dialogs.Recognition;

namespace RectifyBot.Bot.Tests;

/// <summary>The intent model and its corpus: enough examples of every intent in both languages, measured on messages it never saw.</summary>
public sealed class IntentModelTests
{
    private static readonly DateOnly Today = new(2019, 3, 20);

    /// <summary>What the model reached on the held-out messages when this was written; fewer right fails the build.</summary>
    [Theory]
    [InlineData("zh", 778)]
    [InlineData("en", 771)]
    public void Held_out_accuracy_does_not_drop_below_the_figure_reached(string language, int reached)
    {
        var heldOut = IntentCorpus.HeldOut(language);
        var evaluation = IntentEvaluation.Run(IntentModel.Shared, heldOut, Today);
        Assert.True(evaluation.Correct >= reached, $"held-out {language}: {evaluation.Correct} of {evaluation.Total} right, was {reached}\n{evaluation.Describe()}");
    }

    [Fact]
    public void When_the_bot_acts_on_a_held_out_message_it_is_right_at_least_94_times_in_100()
    {
        var evaluation = IntentEvaluation.Run(IntentModel.Shared, [.. IntentCorpus.HeldOut("zh"), .. IntentCorpus.HeldOut("en")], Today);
        Assert.True(evaluation.ActedAccuracy >= 0.94, evaluation.Describe());
        Assert.True(evaluation.TasksRead >= evaluation.TasksLabelled - 2, $"task numbers read: {evaluation.TasksRead} of {evaluation.TasksLabelled}");
    }

    [Theory]
    [InlineData("train.zh.tsv", 80)]
    [InlineData("train.en.tsv", 80)]
    [InlineData("heldout.zh.tsv", 30)]
    [InlineData("heldout.en.tsv", 30)]
    public void Every_intent_has_enough_examples_in_each_language(string file, int least)
    {
        var counts = IntentCorpus.Embedded(file).GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(IntentModel.Shared.Intents.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts, c => Assert.True(c.Value >= least, $"{file}: {c.Key} has {c.Value} examples"));
    }

    [Fact]
    public void No_held_out_message_is_in_the_training_corpus()
    {
        static string Key(string text) => new(CommandRecognizer.Normalize(text).ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var trained = IntentCorpus.Training().Select(e => Key(e.Text)).ToHashSet();
        var seen = IntentCorpus.HeldOut("zh").Concat(IntentCorpus.HeldOut("en")).Where(e => trained.Contains(Key(e.Text))).Select(e => e.Text).ToList();
        Assert.Empty(seen);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var again = IntentModel.Train(IntentCorpus.Training());
        foreach (var text in new[] { "任务3进度怎么样了", "what is due soon", "水务局的情况", "hmm" })
        {
            Assert.Equal(IntentModel.Shared.Score(text), again.Score(text));
        }
    }

    [Fact]
    public void A_corpus_line_of_the_wrong_shape_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => IntentCorpus.Parse("你好\tGreeting\n只有一列\n", "mine.tsv"));
        Assert.Contains("mine.tsv, line 2", error.Message);
        Assert.Contains("task «三»", Assert.Throws<FormatException>(() => IntentCorpus.Parse("任务三\tShowTask\t三", "mine.tsv")).Message);
    }

    [Fact]
    public void A_saved_model_loads_with_the_same_scores_and_only_for_the_corpus_and_code_it_was_trained_on()
    {
        var folder = Directory.CreateTempSubdirectory("rectifybot-model-").FullName;
        try
        {
            var path = Path.Combine(folder, IntentModel.FileName);
            var corpus = IntentCorpus.Training();
            IntentModel.Shared.Save(path, IntentModel.Fingerprint(corpus));

            var loaded = IntentModel.Load(path, IntentModel.Fingerprint(corpus), corpus.Count);
            Assert.NotNull(loaded);
            Assert.True(loaded.Loaded);
            foreach (var text in new[] { "任务3进度怎么样了", "what is due soon", "水务局的情况", "hmm" })
            {
                Assert.Equal(IntentModel.Shared.Score(text), loaded.Score(text));
            }

            // Another corpus (one example more): the file is not used, and the model is trained instead.
            Assert.Null(IntentModel.Load(path, IntentModel.Fingerprint([.. corpus, new("再加一句", "None")]), corpus.Count + 1));
            File.Delete(path + ".fingerprint");
            Assert.Null(IntentModel.Load(path, IntentModel.Fingerprint(corpus), corpus.Count));
            Assert.False(IntentModel.LoadOrTrain(path).Loaded);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
