using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Tests.Graph;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The monthly dispatch digest through the real host over HTTP and a channel connector: posted on its schedule to the
/// leaders' channel once, with the called-out units' people @mentioned; previewed and posted on demand by a leader
/// only; compared with the last digest actually posted; refreshed to a called-out member's own view. On the embedded
/// store here, on the SharePoint lists of a fake Graph server in <see cref="GraphDigestTests"/>.
/// </summary>
public class DigestTests : IAsyncLifetime
{
    private const string TeamChannel = "19:leaders@thread.tacv2";
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-digest-").FullName;
    private FakeConnector _connector = null!;
    private WebApplication _host = null!;
    private HttpClient _client = null!;

    private static DateTimeOffset China(int month, int day, int hour, int minute = 0) => new DateTimeOffset(2019, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>The store's settings for the host beyond the embedded file (which holds the outbox with the Graph store); none by default.</summary>
    protected virtual Task<string[]> StoreAsync() => Task.FromResult<string[]>([]);

    protected virtual bool OnGraph => false;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = BotWebHost.Build(["--Urls=http://127.0.0.1:0", $"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", .. await StoreAsync(), "--Logging:LogLevel:Default=Warning",
            "--Supervision:Enabled=false", "--Clock:Now=2019-03-20T10:00"]);
        if (OnGraph)
        {
            await _host.Services.GetRequiredService<RectifyBot.Tasks.Store.Graph.GraphListClient>().ProvisionAsync(default);
        }
        var store = _host.Services.GetRequiredService<ITaskStore>();
        await SampleData.LoadAsync(store, _host.Services.GetRequiredService<PlanImporter>());
        // A water bureau official known only by UPN: named in plain text, never mentioned.
        await store.UpsertPeopleAsync([new Person(null, "wang@rectifybot.example", "王五", "市水务局", PersonRole.Official)]);
        await _host.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        foreach (var person in new[] { "u-water", "u-jiangan", "u-leader", "u-admin" }) // u-agri has not installed the bot
        {
            await _host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(_connector.Personal(person, China(3, 1, 9), conversationId: "a:personal-" + person));
        }
    }

    public virtual async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    private JsonObject Activity(string from, JsonObject? conversation = null, JsonObject? channelData = null) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = _connector.Url,
        ["locale"] = "zh-CN",
        ["from"] = new JsonObject { ["id"] = "29:" + from, ["name"] = from, ["aadObjectId"] = from },
        ["recipient"] = new JsonObject { ["id"] = "28:rectifybot", ["name"] = "RectifyBot" },
        ["conversation"] = conversation ?? new JsonObject { ["id"] = "a:personal-" + from, ["conversationType"] = "personal" },
        ["channelData"] = channelData ?? new JsonObject { ["tenant"] = new JsonObject { ["id"] = "t-1" } },
    };

    private static JsonObject ChannelConversation => new() { ["id"] = TeamChannel + ";messageid=1", ["conversationType"] = "channel", ["tenantId"] = "t-1" };

    private static JsonObject ChannelData => new()
    {
        ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2" }, ["channel"] = new JsonObject { ["id"] = TeamChannel }, ["tenant"] = new JsonObject { ["id"] = "t-1" },
    };

    /// <summary>Says something to the bot over HTTP; the replies arrive at the connector.</summary>
    private async Task SayAsync(string text, string from, bool inChannel = false)
    {
        var activity = inChannel ? Activity(from, ChannelConversation, ChannelData) : Activity(from);
        activity["text"] = text;
        (await _client.PostAsJsonAsync("/api/messages", activity)).EnsureSuccessStatusCode();
    }

    /// <summary>Presses a card's button (or Teams refreshes a card) over HTTP: the invoke response's card or message.</summary>
    private async Task<JsonObject> InvokeAsync(string verb, JsonObject data, string from, bool inChannel = false, string trigger = "manual")
    {
        var invoke = inChannel ? Activity(from, ChannelConversation, ChannelData) : Activity(from);
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() }, ["trigger"] = trigger };
        var response = await _client.PostAsJsonAsync("/api/messages", invoke);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private IEnumerable<JsonObject> CardsIn(string conversation) =>
        _connector.Received.Where(r => r.Conversation == conversation && r.Activity["attachments"] is JsonArray { Count: > 0 })
            .Select(r => r.Activity["attachments"]![0]!["content"]!.AsObject());

    private IEnumerable<string> TextsIn(string conversation) => _connector.Received.Where(r => r.Conversation == conversation).Select(r => (string?)(r.Activity["text"] ?? r.Activity["summary"]) ?? "");

    private static IEnumerable<JsonObject> Mentions(JsonObject card) => (card["msteams"]?["entities"] as JsonArray ?? []).Select(e => e!.AsObject());

    private async Task ChooseChannelAsync()
    {
        await SayAsync("在此频道发布调度通报", "u-leader", inChannel: true);
        Assert.Contains(TextsIn(TeamChannel + ";messageid=1"), t => t.Contains("月度调度通报今后发布在本频道"));
    }

    [Fact]
    public async Task On_the_16th_the_digest_is_posted_once_to_the_channel_with_the_called_out_units_people_mentioned_and_kept()
    {
        await ChooseChannelAsync();
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        await runner.TickAsync(China(3, 16, 9, 59), China(3, 16, 10, 1), default);

        var card = Assert.Single(CardsIn(TeamChannel));
        var text = Chat.Read(card);
        Assert.Contains("2019年3月月度调度通报", text);
        Assert.Contains("这是第一期通报", text);
        Assert.Contains("表态发言", text);
        Assert.Contains("市水务局", text);
        Assert.Contains("江岸区政府", text);
        // The water bureau's officials: the one with an AAD object id as a Teams mention, the one without by name only.
        var mentioned = Mentions(card).ToList();
        Assert.Contains(mentioned, m => (string?)m["mentioned"]!["id"] == "u-water" && (string?)m["text"] == "<at>水务局联络员</at>");
        Assert.Contains("<at>水务局联络员</at>", card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.DoesNotContain(mentioned, m => ((string?)m["text"])!.Contains("王五"));
        Assert.Contains("王五", text);
        Assert.Contains("以下人员尚未安装整改督办助手", text); // those who cannot be messaged, for the office to ask
        Assert.Contains("王五（市水务局）", text);
        Assert.DoesNotContain("水务局联络员（市水务局）", text);
        Assert.DoesNotContain(mentioned, m => (string?)m["mentioned"]!["id"] == "u-leader"); // leaders are not called out
        // Called-out members who have a chat with the bot see their own view when the card refreshes.
        var refresh = card["refresh"]!.AsObject();
        Assert.Equal(CardVerbs.DigestView, (string?)refresh["action"]!["verb"]);
        var userIds = refresh["userIds"]!.AsArray().Select(u => (string?)u).ToList();
        Assert.Contains("29:u-water", userIds);
        Assert.Contains("29:u-jiangan", userIds);
        Assert.DoesNotContain("29:u-leader", userIds);

        await runner.TickAsync(China(3, 16, 9, 59), China(3, 16, 10, 1), default); // a second host, or the same tick again
        Assert.Single(CardsIn(TeamChannel));
        Assert.NotNull(await _host.Services.GetRequiredService<DigestArchive>().FindAsync(new YearMonth(2019, 3), default));
        var posted = Assert.Single(await _host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(new AuditQuery { Action = AuditActions.DigestPosted }));
        Assert.Equal((AuditActor.System.Id, "schedule-2019-03-16", false), (posted.ActorId, posted.Subject, posted.Refused));
        Assert.Contains($"month 2019-03, on schedule, to the channel", posted.Details);
    }

    [Fact]
    public async Task Next_months_digest_says_what_changed_since_the_one_posted()
    {
        await ChooseChannelAsync();
        var runner = _host.Services.GetRequiredService<RhythmRunner>();
        await runner.TickAsync(China(3, 16, 9, 59), China(3, 16, 10, 1), default);
        var march = Chat.Read(Assert.Single(CardsIn(TeamChannel)));
        Assert.Contains("江岸区政府", march);

        // In April the water bureau reports task 3 completed.
        var store = _host.Services.GetRequiredService<ITaskStore>();
        await store.SubmitReportAsync(new ProgressReport
        {
            Id = Guid.NewGuid().ToString("N"), TaskNumber = 3, Unit = "市水务局", ReporterId = "u-water", ReporterName = "水务局联络员", ReportedAt = China(4, 10, 10),
            Period = "2019-04", Status = RectificationStatus.Completed, PercentComplete = 100, Summary = "已完成整改", SourceId = "test:april-3",
        }, null);
        Assert.Equal(RectificationStatus.Completed, (await store.GetTaskAsync(3))!.Status);
        await runner.TickAsync(China(4, 16, 9, 59), China(4, 16, 10, 1), default);

        var april = Chat.Read(CardsIn(TeamChannel).Last());
        Assert.Contains("2019年4月月度调度通报", april);
        Assert.Contains("与上期（2019-03）通报相比", april);
        Assert.Contains("新完成整改 1 项：3", april);
        Assert.Equal(2, CardsIn(TeamChannel).Count());
    }

    [Fact]
    public async Task Without_a_channel_the_leaders_get_it_in_their_own_chat_with_how_to_choose_one()
    {
        await _host.Services.GetRequiredService<RhythmRunner>().TickAsync(China(3, 16, 9, 59), China(3, 16, 10, 1), default);
        var leader = Chat.Read(Assert.Single(CardsIn("a:personal-u-leader")));
        Assert.Contains("还没有指定调度通报频道", leader);
        Assert.Contains("2019年3月月度调度通报", leader);
        Assert.Empty(CardsIn("a:personal-u-water"));
    }

    [Fact]
    public async Task A_leader_previews_then_posts_once_and_no_one_else_can()
    {
        await ChooseChannelAsync();
        await SayAsync("发布月度调度通报", "u-water");
        Assert.Contains(TextsIn("a:personal-u-water"), t => t.Contains("只有领导可以发布月度调度通报"));

        await SayAsync("发布月度调度通报", "u-leader");
        var preview = Assert.Single(CardsIn("a:personal-u-leader"));
        Assert.Contains("预览", Chat.Read(preview));
        Assert.Empty(CardsIn(TeamChannel)); // nothing posted until a leader presses Post
        var (post, cancel) = (Button(preview, CardVerbs.DigestPost), Button(preview, CardVerbs.DigestCancel));

        var refused = await InvokeAsync(CardVerbs.DigestPost, post, "u-water");
        Assert.Empty(CardsIn(TeamChannel));
        Assert.Contains(TextsIn("a:personal-u-water"), t => t.Contains("只有领导可以发布"));
        Assert.NotNull(refused);

        var posted = await InvokeAsync(CardVerbs.DigestPost, post, "u-leader");
        Assert.Contains("已发布到调度通报频道", Chat.Read(posted["value"]!.AsObject()));
        var inChannel = Assert.Single(CardsIn(TeamChannel));
        Assert.Contains("2019年3月月度调度通报", Chat.Read(inChannel));
        Assert.Null(inChannel["actions"]!.AsArray().FirstOrDefault(a => (string?)a!["verb"] == CardVerbs.DigestPost)); // no Post button in the channel

        await InvokeAsync(CardVerbs.DigestPost, post, "u-leader"); // pressed again
        await InvokeAsync(CardVerbs.DigestCancel, cancel, "u-leader"); // or cancelled after posting
        Assert.Single(CardsIn(TeamChannel));
        Assert.Equal(2, TextsIn("a:personal-u-leader").Count(t => t.Contains("这份通报已经发布过了")));

        // On the audit trail: the channel chosen, the official's refused press, the leader's one post (pressed again: nothing).
        var trail = await _host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(AuditQuery.All);
        var chosen = Assert.Single(trail, e => e.Action == AuditActions.SettingChanged);
        Assert.Equal(("u-leader", "digest channel", false), (chosen.ActorId, chosen.Subject, chosen.Refused));
        Assert.Contains(TeamChannel, chosen.Details);
        var posts = trail.Where(e => e.Action == AuditActions.DigestPosted).ToList();
        Assert.Equal([("u-water", true), ("u-leader", false)], posts.Select(e => (e.ActorId, e.Refused)));
        Assert.Contains("only a Leader may post", posts[0].Details);
        Assert.Equal(("综合协调组组长", $"preview {(string)post["preview"]!}"), (posts[1].ActorName, posts[1].Subject));
        Assert.Contains("month 2019-03", posts[1].Details);
    }

    [Fact]
    public async Task A_post_the_channel_throttles_is_not_claimed_as_posted_and_pressing_again_later_posts_it_once()
    {
        await ChooseChannelAsync();
        _connector.Answers[TeamChannel] = new([429]);
        await SayAsync("发布月度调度通报", "u-leader");
        var post = Button(Assert.Single(CardsIn("a:personal-u-leader")), CardVerbs.DigestPost);

        await InvokeAsync(CardVerbs.DigestPost, post, "u-leader");
        Assert.Contains(TextsIn("a:personal-u-leader"), t => t.Contains("这次没有发布"));
        Assert.Empty(CardsIn(TeamChannel));
        Assert.Null(await _host.Services.GetRequiredService<DigestArchive>().FindAsync(new YearMonth(2019, 3), default)); // nothing kept as posted

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the channel's Retry-After
        var posted = await InvokeAsync(CardVerbs.DigestPost, post, "u-leader");
        Assert.Contains("已发布到调度通报频道", Chat.Read(posted["value"]!.AsObject()));
        Assert.Single(CardsIn(TeamChannel));
    }

    [Fact]
    public async Task A_cancelled_preview_is_never_posted()
    {
        await ChooseChannelAsync();
        await SayAsync("post monthly digest", "u-leader");
        var preview = Assert.Single(CardsIn("a:personal-u-leader"));
        var (post, cancel) = (Button(preview, CardVerbs.DigestPost), Button(preview, CardVerbs.DigestCancel));
        var cancelled = await InvokeAsync(CardVerbs.DigestCancel, cancel, "u-leader");
        Assert.Contains("已取消", Chat.Read(cancelled["value"]!.AsObject()));
        await InvokeAsync(CardVerbs.DigestPost, post, "u-leader");
        Assert.Empty(CardsIn(TeamChannel));
        Assert.Contains(TextsIn("a:personal-u-leader"), t => t.Contains("这份预览已过期或已处理"));
    }

    [Fact]
    public async Task In_the_channel_a_called_out_member_sees_their_own_unit_first_with_report_buttons_and_others_the_common_view()
    {
        await ChooseChannelAsync();
        await _host.Services.GetRequiredService<RhythmRunner>().TickAsync(China(3, 16, 9, 59), China(3, 16, 10, 1), default);
        var data = new JsonObject { ["month"] = "2019-03" };

        var mine = (await InvokeAsync(CardVerbs.DigestView, data, "u-water", inChannel: true, trigger: "automatic"))["value"]!.AsObject();
        var text = Chat.Read(mine);
        Assert.StartsWith("本单位：市水务局", text[text.IndexOf("本单位", StringComparison.Ordinal)..]);
        Assert.True(text.IndexOf("本单位：市水务局", StringComparison.Ordinal) < text.IndexOf("表态发言", StringComparison.Ordinal));
        Assert.Contains(CardVerbs.ReportOpen, mine.ToJsonString());
        Assert.NotNull(mine["refresh"]); // stays refreshable

        var common = (await InvokeAsync(CardVerbs.DigestView, data, "u-leader", inChannel: true, trigger: "automatic"))["value"]!.AsObject();
        Assert.DoesNotContain("本单位：", Chat.Read(common));
        Assert.DoesNotContain(CardVerbs.ReportOpen, common.ToJsonString());
    }

    [Fact]
    public async Task A_units_list_button_shows_a_leader_that_unit_and_an_official_only_their_own()
    {
        var data = new JsonObject { ["month"] = "2019-03", ["unit"] = "江岸区政府" };
        await InvokeAsync(CardVerbs.DigestUnit, data, "u-leader");
        Assert.Contains("江岸区政府", Chat.Read(Assert.Single(CardsIn("a:personal-u-leader"))));
        await InvokeAsync(CardVerbs.DigestUnit, data, "u-water");
        var own = Chat.Read(Assert.Single(CardsIn("a:personal-u-water")));
        Assert.Contains("市水务局", own);
        Assert.DoesNotContain("江岸区政府 ·", own);
    }

    private static JsonObject Button(JsonObject card, string verb) =>
        Find(card, verb)?.DeepClone().AsObject() ?? throw new Xunit.Sdk.XunitException($"no {verb} button");

    private static JsonObject? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == verb => o["data"]!.AsObject(),
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(i => Find(i, verb)).FirstOrDefault(f => f is not null),
        _ => null,
    };
}

/// <summary>The same digest on the SharePoint lists (a fake Graph server): the kept digests and previews in the bot's state list.</summary>
public sealed class GraphDigestTests : DigestTests
{
    private FakeGraphServer? _graph;

    protected override bool OnGraph => true;

    protected override async Task<string[]> StoreAsync()
    {
        _graph = await FakeGraphServer.StartAsync();
        _graph.MaxPageSize = 200;
        return ["--Store:Provider=Graph", $"--Store:Graph:SiteId={FakeGraphServer.SiteId}", $"--Store:Graph:AccessToken={FakeGraphServer.Token}", $"--Store:Graph:BaseUrl={_graph.BaseUrl}", "--Store:Graph:CacheSeconds=0"];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
    }
}
