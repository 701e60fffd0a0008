using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>The playground's Direct Line over real HTTP: turns run through the bot's adapter and the replies come back by polling.</summary>
public class PlaygroundHttpTests
{
    private const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    private static JsonObject? CardOf(JsonObject activity) =>
        activity["attachments"]?.AsArray().FirstOrDefault(a => (string?)a!["contentType"] == AdaptiveCard)?["content"]?.AsObject();

    [Fact]
    public async Task A_leader_asking_for_overdue_tasks_gets_the_overdue_card_back_by_polling_with_a_watermark()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var directLine = await PlaygroundDirectLine.StartAsync(bot.Client, "u-leader");
        var welcome = await directLine.PollAsync();
        Assert.Contains(welcome, a => ((string?)a["text"] ?? "").Contains("RectifyBot"));
        Assert.Equal(welcome.Count.ToString(), directLine.Watermark);

        var id = await directLine.SayAsync("哪些任务逾期了", "u-leader");
        var turn = await directLine.PollAsync();

        var echo = Assert.Single(turn, a => (string?)a["id"] == id);
        Assert.Equal("u-leader", (string?)echo["from"]!["id"]);
        var reply = Assert.Single(turn, a => CardOf(a) is not null);
        Assert.Equal("bot", (string?)reply["from"]!["role"]);
        Assert.Equal(id, (string?)reply["replyToId"]);
        Assert.Equal("directline", (string?)reply["channelId"]);
        Assert.Contains("逾期任务", Chat.Read(CardOf(reply)!));
        Assert.Equal((welcome.Count + turn.Count).ToString(), directLine.Watermark);
        Assert.Empty(await directLine.PollAsync());
    }

    [Fact]
    public async Task With_allowed_tenants_the_playground_speaks_as_the_first_of_them_and_passes_the_tenant_filter()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20", "--Bot:AllowedTenants:0=tenant-city", "--Bot:AllowedTenants:1=tenant-other");
        var directLine = await PlaygroundDirectLine.StartAsync(bot.Client);
        await directLine.SayAsync("哪些任务逾期了", "u-leader");
        var reply = Assert.Single(await directLine.PollAsync(), a => CardOf(a) is not null);
        Assert.Equal("tenant-city", (string?)reply["conversation"]!["tenantId"]);
    }

    [Fact]
    public async Task An_action_submit_through_direct_line_stores_one_report_and_the_card_says_so()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var directLine = await PlaygroundDirectLine.StartAsync(bot.Client);
        await directLine.SayAsync("报告任务3进展", "u-water");
        var form = (await directLine.PollAsync()).Select(CardOf).Single(c => c is not null)!;

        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";
        await directLine.PostAsync(new JsonObject { ["type"] = "message", ["value"] = data, ["channelData"] = new JsonObject { ["postBack"] = true } }, "u-water");
        var after = await directLine.PollAsync();

        Assert.Contains(after.Select(CardOf).Where(c => c is not null), c => Chat.Read(c!).Contains("已保存任务 3 的 2019-03 进展报告"));
        var store = new SqliteTaskStore(Path.Combine(bot.Folder, "bot.db"), new UnitMatcher());
        Assert.Single((await store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
    }

    [Fact]
    public async Task A_card_the_bot_updates_comes_again_with_the_same_id_and_the_new_content()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var directLine = await PlaygroundDirectLine.StartAsync(bot.Client);
        await directLine.SayAsync("报告任务3进展", "u-water");
        var shown = (await directLine.PollAsync()).Single(a => CardOf(a) is not null);
        var data = Chat.ActionData(CardOf(shown)!, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";

        // An Action.Submit from a client that names the card's activity: the bot updates the card in place (a PUT to the connector).
        await directLine.PostAsync(new JsonObject { ["type"] = "message", ["value"] = data, ["replyToId"] = (string)shown["id"]! }, "u-water");
        var updated = (await directLine.PollAsync()).Single(a => (string?)a["id"] == (string?)shown["id"]);

        Assert.Contains("已保存任务 3 的 2019-03 进展报告", Chat.Read(CardOf(updated)!));
        Assert.Equal((string?)shown["timestamp"], (string?)updated["timestamp"]);
    }

    [Fact]
    public async Task An_action_execute_invoke_posted_to_direct_line_replaces_its_card_with_the_answer()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var directLine = await PlaygroundDirectLine.StartAsync(bot.Client);
        await directLine.SayAsync("报告任务3进展", "u-water");
        var shown = (await directLine.PollAsync()).Single(a => CardOf(a) is not null);
        var data = Chat.ActionData(CardOf(shown)!, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";

        await directLine.PostAsync(new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["replyToId"] = (string)shown["id"]!,
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.ReportSubmit, ["data"] = data }, ["trigger"] = "manual" },
        }, "u-water");
        var activities = await directLine.PollAsync();

        Assert.DoesNotContain(activities, a => (string?)a["type"] == "invoke");
        var updated = Assert.Single(activities, a => (string?)a["id"] == (string?)shown["id"]);
        Assert.Contains("已保存任务 3 的 2019-03 进展报告", Chat.Read(CardOf(updated)!));
    }

    [Theory]
    [InlineData("--MicrosoftAppId=00000000-0000-0000-0000-000000000001", "--MicrosoftAppPassword=secret")]
    [InlineData("--Playground:Enabled=false")]
    public async Task With_an_app_id_or_turned_off_every_playground_path_is_404(params string[] configuration)
    {
        await using var bot = await RunningBot.StartAsync(configuration);
        string[] gets = ["/", "/index.html", "/webchat.js", "/playground.js", "/playground/people", "/v3/directline/conversations/x/activities?watermark=0", "/v3/directline/conversations/x"];
        foreach (var path in gets)
        {
            Assert.True(HttpStatusCode.NotFound == (await bot.Client.GetAsync(path)).StatusCode, $"GET {path}");
        }
        string[] posts = ["/v3/directline/tokens/generate", "/v3/directline/tokens/refresh", "/v3/directline/conversations", "/v3/directline/conversations/x/activities",
            "/playground/connector/v3/conversations/x/activities", "/playground/connector/v3/conversations/x/activities/y"];
        foreach (var path in posts)
        {
            Assert.True(HttpStatusCode.NotFound == (await bot.Client.PostAsJsonAsync(path, new JsonObject { ["type"] = "message" })).StatusCode, $"POST {path}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Client.PutAsJsonAsync("/playground/connector/v3/conversations/x/activities/y", new JsonObject())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Without_an_app_id_the_page_and_the_web_chat_bundle_are_served_from_the_host()
    {
        await using var bot = await RunningBot.StartAsync();
        var page = await bot.Client.GetStringAsync("/");
        Assert.Contains("本地试用", page);
        Assert.Contains("local playground", page);
        Assert.Contains("src=\"webchat.js\"", page);
        Assert.DoesNotContain("cdn.botframework.com", page);
        var bundle = await bot.Client.GetAsync("/webchat.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 1_000_000, "the full Web Chat bundle (with Adaptive Cards)");
        var people = (await bot.Client.GetFromJsonAsync<JsonArray>("/playground/people"))!;
        Assert.Contains(people, p => (string?)p!["key"] == "u-water" && (string?)p["unit"] == "市水务局");
    }
}
