using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Asking back instead of guessing, turn by turn: a message the model is not sure of gets the likeliest meanings as
/// buttons, writes nothing, and the meaning pressed is answered as if it had been asked plainly. A model trained on
/// a few contradictory examples makes "task N progress" ambiguous on purpose; the real corpus decides which messages are.
/// </summary>
public sealed class ClarifyTests : SamplePlanTests
{
    private static readonly IntentModel Unsure = IntentModel.Train(
    [
        new("任务5进展情况", "ShowTask"), new("任务5进展情况", "Report"), new("任务5进展情况", "Deadline"),
        new("task 5 progress", "ShowTask"), new("task 5 progress", "Report"), new("task 5 progress", "Deadline"),
        new("逾期任务", "Overdue"), new("overdue tasks", "Overdue"), new("你好", "Greeting"), new("hello", "Greeting"), new("天气不错", "None"), new("nice weather", "None"),
    ]);

    private Chat Start(string locale, IntentModel? model = null) => Start("u-water", locale, model ?? Unsure);

    [Theory]
    [InlineData("zh-CN", "任务3进展情况", "您是想：", "查看任务3", "报告任务3进展")]
    [InlineData("en-US", "task 3 progress", "Did you mean:", "see task 3", "report progress on task 3")]
    public async Task An_unsure_message_is_asked_back_with_its_likeliest_meanings_and_nothing_is_written(string locale, string text, string question, string show, string report)
    {
        var replies = await Start(locale).SayAsync(text);
        var card = Assert.Single(Chat.Cards(replies));
        var shown = Chat.Read(card);
        Assert.Contains(question, shown);
        Assert.Contains($"[{show}]", shown);
        Assert.Contains($"[{report}]", shown);
        // Clients that show no cards read the same question as text.
        Assert.Contains(show, Assert.Single(replies.OfType<IMessageActivity>()).Summary);
        Assert.Empty((await Store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
    }

    [Theory]
    [InlineData("zh-CN", "任务3进展情况", "报告任务3进展", "报告进展 · 任务 3", "好的：报告任务3进展")]
    [InlineData("en-US", "task 3 progress", "report progress on task 3", "Report progress · Task 3", "OK: report progress on task 3")]
    public async Task Pressing_a_meaning_answers_it_and_replaces_the_question(string locale, string text, string choice, string form, string chosen)
    {
        var chat = Start(locale);
        var question = Assert.Single(Chat.Cards(await chat.SayAsync(text)));
        var replies = await chat.ExecuteAsync(CardVerbs.IntentChoose, Chat.ActionData(question, CardVerbs.IntentChoose, choice));
        Assert.Contains(Chat.Cards(replies), c => Chat.Read(c).StartsWith(form, StringComparison.Ordinal));
        var replaced = Chat.InvokeResponse(replies);
        Assert.Contains(chosen, Newtonsoft.Json.JsonConvert.SerializeObject(replaced.Value));
    }

    [Fact]
    public async Task A_meaning_pressed_on_a_client_without_universal_actions_arrives_as_a_message_and_is_answered_the_same()
    {
        var chat = Start("zh-CN");
        var question = Assert.Single(Chat.Cards(await chat.SayAsync("任务3进展情况")));
        var replies = await chat.SubmitAsync(Chat.ActionData(question, CardVerbs.IntentChoose, "查看任务3"));
        Assert.Contains(Chat.Cards(replies), c => Chat.Read(c).Contains("任务 3 ·", StringComparison.Ordinal) && Chat.Read(c).Contains("整改时限", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_choice_that_is_not_one_the_bot_offers_is_refused_and_runs_nothing()
    {
        var chat = Start("zh-CN");
        var question = Assert.Single(Chat.Cards(await chat.SayAsync("任务3进展情况")));
        var forged = Chat.ActionData(question, CardVerbs.IntentChoose, "报告任务3进展");
        forged["intent"] = "DropTables";
        Assert.Equal(400, Chat.InvokeResponse(await chat.ExecuteAsync(CardVerbs.IntentChoose, forged)).StatusCode);
    }

    [Fact]
    public async Task A_question_card_older_than_the_last_question_asks_for_the_message_again_and_runs_nothing()
    {
        var chat = Start("zh-CN");
        var first = Assert.Single(Chat.Cards(await chat.SayAsync("任务3进展情况")));
        await chat.SayAsync("任务4进展情况"); // asked back again: the first card's message is no longer the one kept
        var replies = await chat.ExecuteAsync(CardVerbs.IntentChoose, Chat.ActionData(first, CardVerbs.IntentChoose, "报告任务3进展"));
        Assert.Contains("这个问题已经过期了", Chat.Text(replies));
        Assert.DoesNotContain(Chat.Cards(replies), c => Chat.Read(c).StartsWith("报告进展", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_message_asked_about_stays_in_the_persons_state_not_in_the_card()
    {
        var chat = Start("zh-CN");
        var question = Assert.Single(Chat.Cards(await chat.SayAsync("任务3进展情况" + new string('，', 1) + new string('长', 3900))));
        Assert.Contains("您是想", Chat.Read(question));
        Assert.True(RectifyBot.Cards.Layout.AdaptiveCard.SizeOf(question) < 4000, $"{RectifyBot.Cards.Layout.AdaptiveCard.SizeOf(question)} bytes");
    }

    [Fact]
    public async Task With_the_real_model_the_issues_phrasings_are_answered_without_asking_back()
    {
        var chat = Start("zh-CN", IntentModel.Shared);
        Assert.Contains("任务 3 ·", Chat.Read(Assert.Single(Chat.Cards(await chat.SayAsync("任务3进度怎么样了")))));
        var review = Chat.Read(Assert.Single(Chat.Cards(await chat.SayAsync("任务3完成了百分之七十，泵站已经建好"))));
        Assert.Contains("70", review);
        Assert.Contains("泵站已经建好", review);
    }
}
