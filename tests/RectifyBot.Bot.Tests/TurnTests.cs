using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Dialogs;
using RectifyBot.Dialogs.State;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>Turn by turn through the real activity handler on a Teams TestAdapter, over a real SQLite store with the sample loaded.</summary>
public sealed class TurnTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-turns-").FullName;
    private SqliteTaskStore _store = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "turns.db"), matcher);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private (TestAdapter Adapter, IBot Bot, PrivateConversationState State) Create(string user = "u-water", string locale = "zh-CN") =>
        BotKit.Create(_store, _store, _time, user, locale);

    /// <summary>The one card a reply carries, as a user reads it.</summary>
    private static string CardOf(IActivity reply) => Chat.Read(Assert.Single(Chat.Cards([reply])));

    [Theory]
    [InlineData("任务3")]
    [InlineData("任务三")]
    [InlineData("第3项")]
    [InlineData("第三项")]
    [InlineData("查看任务 3 的详情")]
    [InlineData("task 3")]
    [InlineData("Task #3")]
    [InlineData("  ＴＡＳＫ　３  ")]
    public async Task Shows_a_task_however_it_is_asked_for(string text)
    {
        var (adapter, bot, _) = Create();
        await new TestFlow(adapter, bot)
            .Send(text)
            .AssertReply(a =>
            {
                var card = CardOf(a);
                Assert.StartsWith("任务 3 · 未启动 0%", card);
                Assert.Contains("整改时限：2020 年底之前（2020-12-31，还剩 662 天）", card);
                Assert.Contains("最近报告：尚无", card);
                Assert.Contains("问题类 · (一)", card);
                Assert.Contains("7. 青山区分年度", card);
                Assert.Contains("[报告进展]", card); // the water bureau is responsible for task 3
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task Answers_in_english_for_an_english_locale()
    {
        var (adapter, bot, _) = Create(locale: "en-US");
        await new TestFlow(adapter, bot)
            .Send("task 2")
            .AssertReply(a =>
            {
                var card = CardOf(a);
                Assert.StartsWith("Task 2 · not started 0%", card);
                Assert.Contains("(2020-12-31, 662 days left)", card);
                Assert.Contains("Lead units: none", card);
                Assert.DoesNotContain("[Report]", card); // task 2 is the agriculture bureau's
            })
            .Send("help")
            .AssertReply(a => Assert.Contains("The task list has 4 tasks.", ((IMessageActivity)a).Text))
            .StartTestAsync();
    }

    [Fact]
    public async Task Help_unknown_and_missing_tasks_get_clear_answers()
    {
        var (adapter, bot, _) = Create();
        await new TestFlow(adapter, bot)
            .Send("帮助")
            .AssertReply(a => Assert.Contains("本清单共有 4 项整改任务", ((IMessageActivity)a).Text))
            .Send("任务12")
            .AssertReply("没有找到任务 12。本清单的任务编号是 1–4。")
            .Send("今天天气怎么样")
            .AssertReply("没有听懂“今天天气怎么样”。发送“帮助”查看可用的命令。")
            .Send("<b>**qwxz**</b>")
            .AssertReply(a => Assert.Contains("&lt;b&gt;\\*\\*qwxz\\*\\*&lt;/b&gt;", ((IMessageActivity)a).Text))
            .Send(new string('长', 4001))
            .AssertReply("消息太长了（4001 个字符，最多 4000 个），没有处理。请精简后再发。")
            .StartTestAsync();
    }

    [Fact]
    public async Task The_bots_own_mention_is_removed_in_a_channel()
    {
        var (adapter, bot, _) = Create();
        var message = adapter.MakeActivity("<at>RectifyBot</at> 任务1");
        var mention = new Entity();
        mention.SetAs(new Mention { Mentioned = adapter.Conversation.Bot, Text = "<at>RectifyBot</at>" });
        message.Entities = [mention];
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:channel");
        await new TestFlow(adapter, bot)
            .Send(message)
            .AssertReply(a => Assert.StartsWith("🔴 任务 1 · 未启动 0%", CardOf(a)))
            .StartTestAsync();
    }

    [Fact]
    public async Task Welcomes_by_name_once_when_installed()
    {
        var (adapter, bot, _) = Create();
        var install = new Activity(ActivityTypes.ConversationUpdate)
        {
            MembersAdded = [adapter.Conversation.Bot],
            Conversation = new ConversationAccount(conversationType: "personal", id: "a:1"),
        };
        var someoneJoinsTheTeam = new Activity(ActivityTypes.ConversationUpdate)
        {
            MembersAdded = [new ChannelAccount("29:other")],
            Conversation = new ConversationAccount(conversationType: "channel", id: "19:c"),
        };
        await new TestFlow(adapter, bot)
            .Send(install)
            .AssertReply(a => Assert.StartsWith("你好，水务局联络员！", ((IMessageActivity)a).Text))
            .Send(someoneJoinsTheTeam)
            .Send("帮助")
            .AssertReply(a => Assert.StartsWith("我可以", ((IMessageActivity)a).Text))
            .StartTestAsync();
    }

    [Fact]
    public async Task Conversation_state_lives_in_the_store_and_survives_a_restart()
    {
        var (adapter, _, conversation) = Create();
        var step = conversation.CreateProperty<FlowProbe>("probe");
        var first = new TestFlow(adapter, async (turn, ct) =>
        {
            var probe = await step.GetAsync(turn, () => new FlowProbe(), ct);
            probe.Turns++;
            probe.Task = 3;
            await conversation.SaveChangesAsync(turn, false, ct);
            await turn.SendActivityAsync($"turn {probe.Turns}", cancellationToken: ct);
        });
        await first.Send("a").AssertReply("turn 1").Send("b").AssertReply("turn 2").StartTestAsync();

        // A new process: a new store object on the same file, new state objects, same conversation.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reopened = new PrivateConversationState(new StoreBackedStorage(new SqliteTaskStore(_store.Path, new UnitMatcher())));
        var restartedStep = reopened.CreateProperty<FlowProbe>("probe");
        await new TestFlow(adapter, async (turn, ct) =>
        {
            var probe = await restartedStep.GetAsync(turn, () => new FlowProbe(), ct);
            await turn.SendActivityAsync($"resumed at turn {probe.Turns} on task {probe.Task}", cancellationToken: ct);
        }).Send("c").AssertReply("resumed at turn 2 on task 3").StartTestAsync();
    }

    [Fact]
    public async Task A_failed_turn_tells_the_user_without_details_and_clears_the_conversation_state()
    {
        var (_, _, conversation) = Create();
        var adapter = new TestAdapter(Channels.Msteams) { Locale = "zh-CN" };
        var rectify = new RectifyAdapter(new Microsoft.Bot.Connector.Authentication.PasswordServiceClientCredentialFactory().ToBotFrameworkAuthentication(), conversation, [], NullLogger<RectifyAdapter>.Instance);
        adapter.OnTurnError = rectify.OnTurnError;
        var probe = conversation.CreateProperty<FlowProbe>("probe");
        await new TestFlow(adapter, async (turn, ct) =>
        {
            var p = await probe.GetAsync(turn, () => new FlowProbe(), ct);
            p.Turns++;
            await conversation.SaveChangesAsync(turn, false, ct);
            if (turn.Activity.Text == "boom")
            {
                throw new InvalidOperationException("secret connection string");
            }
            await turn.SendActivityAsync($"turn {p.Turns}", cancellationToken: ct);
        })
            .Send("a").AssertReply("turn 1")
            .Send("boom").AssertReply(a => Assert.DoesNotContain("secret", ((IMessageActivity)a).Text))
            .Send("b").AssertReply("turn 1")
            .StartTestAsync();
    }

    public sealed class FlowProbe
    {
        public int Turns { get; set; }
        public int Task { get; set; }
    }
}

/// <summary>
/// Gives each turn a connector client whose HTTP is answered here, as Teams would answer the member lookups that
/// <see cref="Microsoft.Bot.Builder.Teams.TeamsActivityHandler"/> makes when members are added.
/// </summary>
internal sealed class FakeTeamsConnector : Microsoft.Bot.Builder.IMiddleware
{
    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new MemberLookup());
        turnContext.TurnState.Add<IConnectorClient>(new ConnectorClient(new Uri("https://smba.test/"), new Microsoft.Bot.Connector.Authentication.MicrosoftAppCredentials(string.Empty, string.Empty), http, disposeHttpClient: true));
        return next(cancellationToken);
    }

    private sealed class MemberLookup : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = Uri.UnescapeDataString(request.RequestUri!.Segments[^1]);
            // Teams answers with the member's UPN; here u-name's is name@rectifybot.example, as in the demo directory.
            var upn = (id.StartsWith("29:u-", StringComparison.Ordinal) ? id[5..] : id) + "@rectifybot.example";
            var body = $"{{\"id\":\"{id}\",\"name\":\"Member {id}\",\"aadObjectId\":\"{id}\",\"userPrincipalName\":\"{upn}\"}}";
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}

internal static class AuthenticationShim
{
    /// <summary>Authentication with no app id, as the local host runs it.</summary>
    public static Microsoft.Bot.Connector.Authentication.BotFrameworkAuthentication ToBotFrameworkAuthentication(this Microsoft.Bot.Connector.Authentication.ServiceClientCredentialsFactory factory) =>
        Microsoft.Bot.Connector.Authentication.BotFrameworkAuthenticationFactory.Create(null, true, null, null, null, null, null, null, null, factory, new Microsoft.Bot.Connector.Authentication.AuthenticationConfiguration(), null, null);
}
