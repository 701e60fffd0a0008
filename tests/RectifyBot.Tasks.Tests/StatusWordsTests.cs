using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Tests;

/// <summary>The status words officials write in their reports, in both languages, read into the state they mean.</summary>
public sealed class StatusWordsTests
{
    [Theory]
    [InlineData("已完成整改，验收材料已上传", RectificationStatus.Completed)]
    [InlineData("该问题已完成", RectificationStatus.Completed)]
    [InlineData("整改完成，通过区级验收", RectificationStatus.Completed)]
    [InlineData("已销号", RectificationStatus.Completed)] // an official's 已销号 is a completion awaiting the leaders, never a sign-off
    [InlineData("Rectification completed and accepted", RectificationStatus.Completed)]
    [InlineData("未完成但达到序时进度", RectificationStatus.InProgress)]
    [InlineData("按序时推进，管网接驳过半", RectificationStatus.InProgress)]
    [InlineData("Not yet completed but on schedule", RectificationStatus.InProgress)]
    [InlineData("Work is on track", RectificationStatus.InProgress)]
    [InlineData("整改滞后，征地未完成", RectificationStatus.Lagging)]
    [InlineData("进度滞后", RectificationStatus.Lagging)]
    [InlineData("We are behind schedule on the pumping station", RectificationStatus.Lagging)]
    [InlineData("lagging because of the rains", RectificationStatus.Lagging)]
    public void A_sentence_is_read_into_the_state_it_means(string sentence, RectificationStatus expected)
    {
        Assert.Equal(expected, StatusReader.Find(sentence));
        Assert.Equal(expected, StatusReader.Find(sentence, longTerm: true)); // no "ongoing" word: the task's kind changes nothing
    }

    [Theory]
    [InlineData("长期坚持")]
    [InlineData("持续推进，每月巡查两次")]
    [InlineData("常态化开展河湖巡查")]
    [InlineData("Ongoing: monthly patrols continue")]
    [InlineData("long-term work, patrols kept up")]
    public void Ongoing_words_complete_a_long_term_task_for_now_and_are_progress_on_any_other(string sentence)
    {
        Assert.Equal(RectificationStatus.Completed, StatusReader.Find(sentence, longTerm: true));
        Assert.Equal(RectificationStatus.InProgress, StatusReader.Find(sentence, longTerm: false));
    }

    [Fact]
    public void Lagging_words_win_over_ongoing_ones_and_a_denied_completion_is_never_one()
    {
        Assert.Equal(RectificationStatus.Lagging, StatusReader.Find("长期坚持，但整改滞后", longTerm: true));
        Assert.Equal(RectificationStatus.InProgress, StatusReader.Find("持续推进，尚未完成", longTerm: true));
    }

    [Theory]
    [InlineData("长期坚持", true, RectificationStatus.Completed)]
    [InlineData("长期坚持", false, RectificationStatus.InProgress)]
    [InlineData("ongoing", true, RectificationStatus.Completed)]
    [InlineData("ongoing", false, RectificationStatus.InProgress)]
    [InlineData("已完成整改", false, RectificationStatus.Completed)]
    [InlineData("整改滞后", false, RectificationStatus.Lagging)]
    public void A_status_answered_in_words_is_read_for_the_task_it_is_on(string answer, bool longTerm, RectificationStatus expected) =>
        Assert.Equal(expected, StatusReader.Read(answer, longTerm));
}
