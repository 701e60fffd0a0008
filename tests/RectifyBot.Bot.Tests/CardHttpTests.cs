using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>Card submissions through <c>/api/messages</c>, as Teams posts them: the universal-action invoke, and Action.Submit messages.</summary>
public class CardHttpTests
{
    private static async Task<(JsonObject Card, string ActivityId)> OpenFormAsync(RunningBot bot)
    {
        var ask = bot.Message("报告任务3进展");
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", ask)).StatusCode);
        var reply = await bot.ReplyToAsync((string)ask["id"]!);
        var card = reply["attachments"]![0]!["content"]!.AsObject();
        Assert.Equal(AdaptiveCardContentType, (string?)reply["attachments"]![0]!["contentType"]);
        return (card, (string?)reply["id"] ?? (string)ask["id"]!);
    }

    private const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    private static JsonObject SubmitData(JsonObject card)
    {
        var data = Chat.ActionData(card, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";
        return data;
    }

    private static async Task<int> ReportCountAsync(RunningBot bot)
    {
        var store = new SqliteTaskStore(Path.Combine(bot.Folder, "bot.db"), new UnitMatcher());
        return (await store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items.Count;
    }

    [Fact]
    public async Task The_universal_action_invoke_is_answered_in_the_http_response_with_the_new_card_and_stores_once()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var (card, _) = await OpenFormAsync(bot);
        var invoke = bot.Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.ReportSubmit, ["data"] = SubmitData(card) }, ["trigger"] = "manual" };

        var response = await bot.Client.PostAsJsonAsync("/api/messages", invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal(AdaptiveCardContentType, (string?)body["type"]);
        Assert.Contains("已保存任务 3 的 2019-03 进展报告", Chat.Read(body["value"]!.AsObject()));
        Assert.Equal(1, await ReportCountAsync(bot));

        invoke["id"] = Guid.NewGuid().ToString("N"); // pressed again: a new activity, the same card
        var again = (await (await bot.Client.PostAsJsonAsync("/api/messages", invoke)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("已在", Chat.Read(again["value"]!.AsObject()));
        Assert.Equal(1, await ReportCountAsync(bot));
    }

    [Fact]
    public async Task An_action_submit_message_updates_the_card_in_place_and_stores_once()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var (card, cardActivity) = await OpenFormAsync(bot);
        var submit = bot.Message("");
        submit.Remove("text");
        submit["value"] = SubmitData(card);
        submit["replyToId"] = cardActivity;

        Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", submit)).StatusCode);
        var update = await bot.UpdateOfAsync(cardActivity);
        Assert.Contains("已保存", Chat.Read(update["attachments"]![0]!["content"]!.AsObject()));
        Assert.Equal(1, await ReportCountAsync(bot));
    }

    [Fact]
    public async Task A_malformed_invoke_gets_a_400_card_response_and_writes_nothing()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var invoke = bot.Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.ReportSubmit, ["data"] = new JsonObject { ["task"] = 3, ["evil"] = "x" } } };
        var body = (await (await bot.Client.PostAsJsonAsync("/api/messages", invoke)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal("BadRequest", (string?)body["value"]!["code"]); // the error value was written as {} before
        Assert.Contains("卡片", (string?)body["value"]!["message"]);
        Assert.Equal(0, await ReportCountAsync(bot));
    }
}
