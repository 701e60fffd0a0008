using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using RectifyBot.Dialogs;

namespace RectifyBot.Bot.Tests;

/// <summary>The adapter's error handling, turn by turn with the real <see cref="RectifyAdapter.OnTurnError"/>.</summary>
public class AdapterErrorTests
{
    public sealed class Counter
    {
        public int Turns { get; set; }
    }

    [Fact]
    public async Task A_turn_that_fails_after_saying_the_report_was_saved_sends_no_error_and_keeps_the_state()
    {
        var conversation = new PrivateConversationState(new MemoryStorage());
        var adapter = new TestAdapter(Channels.Msteams) { Locale = "zh-CN" };
        var rectify = new RectifyAdapter(new Microsoft.Bot.Connector.Authentication.PasswordServiceClientCredentialFactory().ToBotFrameworkAuthentication(), conversation, [], NullLogger<RectifyAdapter>.Instance);
        adapter.OnTurnError = rectify.OnTurnError;
        var counter = conversation.CreateProperty<Counter>("counter");
        await new TestFlow(adapter, async (turn, ct) =>
        {
            var c = await counter.GetAsync(turn, () => new Counter(), ct);
            c.Turns++;
            await conversation.SaveChangesAsync(turn, false, ct);
            if (turn.Activity.Text == "submit")
            {
                TurnFacts.MarkReportSaved(turn);
                await turn.SendActivityAsync("已保存", cancellationToken: ct);
                throw new InvalidOperationException("the state write after the report failed");
            }
            await turn.SendActivityAsync($"turn {c.Turns}", cancellationToken: ct);
        })
            .Send("a").AssertReply("turn 1")
            .Send("submit").AssertReply("已保存")
            .Send("b").AssertReply("turn 3") // no error message in between, and the count survived
            .StartTestAsync();
    }

    [Fact]
    public async Task A_turn_that_fails_before_saving_still_gets_the_generic_error()
    {
        await GenericErrorAfterAsync(new InvalidOperationException("boom"));
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_is_not_mistaken_for_the_connector_the_user_is_told()
    {
        await GenericErrorAfterAsync(new HttpRequestException("Connection refused (graph.microsoft.com:443)"));
        await GenericErrorAfterAsync(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException()));
    }

    private static async Task GenericErrorAfterAsync(Exception failure)
    {
        var conversation = new PrivateConversationState(new MemoryStorage());
        var adapter = new TestAdapter(Channels.Msteams) { Locale = "zh-CN" };
        var rectify = new RectifyAdapter(new Microsoft.Bot.Connector.Authentication.PasswordServiceClientCredentialFactory().ToBotFrameworkAuthentication(), conversation, [], NullLogger<RectifyAdapter>.Instance);
        adapter.OnTurnError = rectify.OnTurnError;
        await new TestFlow(adapter, (turn, ct) => throw failure)
            .Send("submit").AssertReply(a => Assert.StartsWith("抱歉", ((IMessageActivity)a).Text))
            .StartTestAsync();
    }
}
