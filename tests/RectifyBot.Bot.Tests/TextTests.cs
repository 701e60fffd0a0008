using RectifyBot.Cards;
using RectifyBot.Dialogs.Recognition;

namespace RectifyBot.Bot.Tests;

public class TextTests
{
    private static readonly DateOnly Today = new(2019, 3, 10);

    [Fact]
    public void Both_languages_have_the_same_strings() =>
        Assert.Equal(Localizer.Keys(Language.Chinese).Order(), Localizer.Keys(Language.English).Order());

    [Theory]
    [InlineData("zh-CN", Language.Chinese)]
    [InlineData(null, Language.Chinese)]
    [InlineData("", Language.Chinese)]
    [InlineData("en-US", Language.English)]
    [InlineData("EN-gb", Language.English)]
    [InlineData("fr-FR", Language.Chinese)]
    public void The_language_follows_the_locale_with_chinese_by_default(string? locale, Language expected) =>
        Assert.Equal(expected, Localizer.FromLocale(locale));

    [Theory]
    [InlineData("第十二项", 12)]
    [InlineData("第二项", 2)]
    [InlineData("任务一百零五", 105)]
    [InlineData("任务 7", 7)]
    [InlineData("show task 4", 4)]
    [InlineData("任务两", 2)]
    [InlineData("任务三", 3)]
    [InlineData("第三项", 3)]
    public void Reads_task_numbers_in_digits_and_chinese_numerals(string text, int number) =>
        Assert.Equal((CommandKind.ShowTask, number), (CommandRecognizer.Recognize(text, Today).Kind, CommandRecognizer.Recognize(text, Today).TaskNumber));

    [Fact]
    public void Reads_chinese_numerals_when_the_thread_culture_is_chinese_as_the_bot_framework_sets_it()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("zh-CN");
            Assert.Equal(3, CommandRecognizer.Recognize("任务三", Today).TaskNumber);
            Assert.Equal(new DateOnly(2019, 6, 30), new RectifyBot.Tasks.Import.DeadlineReader().Read("2019 年 6 月底之前", new DateOnly(2018, 11, 1)).Date);
            Assert.Equal("zh-CN", System.Globalization.CultureInfo.CurrentCulture.Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("帮助")]
    [InlineData("Help")]
    [InlineData("help?")]
    [InlineData("？")]
    public void Recognizes_help(string text) => Assert.Equal(CommandKind.Help, CommandRecognizer.Recognize(text, Today).Kind);

    [Theory]
    [InlineData("")]
    [InlineData("今天天气怎么样")]
    public void Leaves_what_it_does_not_know_as_unknown(string text) => Assert.Equal(CommandKind.Unknown, CommandRecognizer.Recognize(text, Today).Kind);

    [Fact]
    public void A_bare_task_word_lists_the_persons_tasks_to_pick_from() => Assert.Equal(CommandKind.MyTasks, CommandRecognizer.Recognize("任务", Today).Kind);

    [Fact]
    public void A_number_it_cannot_read_whole_is_not_read_as_a_smaller_task()
    {
        var command = CommandRecognizer.Recognize("task three hundred", Today);
        Assert.DoesNotContain(3, command.Alternatives.Select(a => a.TaskNumber).Append(command.TaskNumber));
    }

    [Theory]
    [InlineData(1, "1 day overdue")]
    [InlineData(2, "2 days overdue")]
    [InlineData(0, "0 days overdue")]
    public void English_counts_agree_with_their_nouns(int days, string text) =>
        Assert.Equal(text, RectifyBot.Cards.Localizer.Get(RectifyBot.Cards.Language.English, "task.daysOverdue", days));

    [Fact]
    public void English_sentences_with_several_counts_agree_with_each()
    {
        var text = RectifyBot.Cards.Localizer.Get(RectifyBot.Cards.Language.English, "reminder.text", "市水务局", "2019-03-15", 1, 1);
        Assert.Contains("the 1 task below", text);
        Assert.Contains("(1 day left)", text);
        Assert.DoesNotContain("tasks", text);
    }
}
