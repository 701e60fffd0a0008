using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RectifyBot.Cards;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The compose box's task search (<c>composeExtension/query</c>, command <c>searchTasks</c>) over HTTP, as Teams sends
/// it, against the bundled sample: by number, by words, by unit, the initial run, and someone not in the directory.
/// </summary>
public sealed class TaskSearchTests
{
    private static JsonObject Query(RunningBot bot, string? text, string from = "u-water", string locale = "zh-CN")
    {
        var invoke = bot.Message("", from, locale);
        invoke.Remove("text");
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";
        invoke["conversation"] = new JsonObject { ["id"] = "19:group-chat@thread.v2", ["conversationType"] = "groupChat" };
        var parameters = text is null
            ? new JsonArray(new JsonObject { ["name"] = "initialRun", ["value"] = "true" })
            : new JsonArray(new JsonObject { ["name"] = "query", ["value"] = text });
        invoke["value"] = new JsonObject { ["commandId"] = "searchTasks", ["parameters"] = parameters, ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 } };
        return invoke;
    }

    private static async Task<JsonObject> SearchAsync(RunningBot bot, string? text, string from = "u-water", string locale = "zh-CN")
    {
        var response = await bot.Client.PostAsJsonAsync("/api/messages", Query(bot, text, from, locale));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["composeExtension"]!.AsObject();
    }

    /// <summary>The task numbers the result list shows, from each card's report button.</summary>
    private static List<int> Numbers(JsonObject result)
    {
        Assert.Equal("result", (string?)result["type"]);
        Assert.Equal("list", (string?)result["attachmentLayout"]);
        return [.. result["attachments"]!.AsArray().Select(a => (int)Chat.ActionData(a!["content"]!.AsObject(), CardVerbs.ReportOpen)["task"]!)];
    }

    [Fact]
    public async Task A_task_is_found_by_its_number_written_any_way_and_inserts_its_card()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        foreach (var query in new[] { "3", "任务3", "第三项", "任务三", "三号任务" })
        {
            Assert.Equal([3], Numbers(await SearchAsync(bot, query)));
        }

        var result = await SearchAsync(bot, "任务3");
        var item = result["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)item["contentType"]);
        var card = Chat.Read(item["content"]!.AsObject());
        Assert.Contains("任务 3", card);
        Assert.Contains("2020-12-31", card);
        Assert.Contains("还剩", card); // days left
        Assert.Contains("市水务局", card); // responsible units
        Assert.Contains("0%", card);
        var actions = item["content"]!.ToJsonString();
        Assert.Contains("\"verb\":\"report.open\"", actions);
        Assert.Contains("Action.OpenUrl", actions);
        Assert.Contains("users=28%3Arectifybot", actions); // the person's chat with the bot
        Assert.Equal("application/vnd.microsoft.card.thumbnail", (string?)item["preview"]!["contentType"]);
        Assert.StartsWith("任务 3 · ", (string?)item["preview"]!["content"]!["title"]);

        var english = await SearchAsync(bot, "task three", locale: "en-US");
        Assert.Equal([3], Numbers(english));
        Assert.Contains("days left", Chat.Read(english["attachments"]![0]!["content"]!.AsObject()));
    }

    [Fact]
    public async Task The_inserted_cards_report_button_opens_the_report_form_for_whoever_presses_it()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var card = (await SearchAsync(bot, "任务3"))["attachments"]![0]!["content"]!.AsObject();
        var press = bot.Message("");
        press.Remove("text");
        press["type"] = "invoke";
        press["name"] = "adaptiveCard/action";
        press["conversation"] = new JsonObject { ["id"] = "19:group-chat@thread.v2", ["conversationType"] = "groupChat" };
        press["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.ReportOpen, ["data"] = Chat.ActionData(card, CardVerbs.ReportOpen) }, ["trigger"] = "manual" };
        var body = (await (await bot.Client.PostAsJsonAsync("/api/messages", press)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        // The inserted card stays as it is for the chat; the form comes as a new message for the one who pressed.
        var reply = await bot.ReplyToAsync((string)press["id"]!);
        var form = reply["attachments"]![0]!["content"]!.AsObject();
        Assert.Contains(CardVerbs.ReportSubmit, form.ToJsonString());
        Assert.Contains("任务 3", Chat.Read(form));
    }

    [Fact]
    public async Task Words_and_units_find_the_tasks_that_name_them()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        Assert.Equal([2], Numbers(await SearchAsync(bot, "畜禽养殖场 禁养区")));
        Assert.Equal([1], Numbers(await SearchAsync(bot, "重经济增长 轻生态保护")));
        Assert.Equal([3], Numbers(await SearchAsync(bot, "历史欠账 客观原因")));
        Assert.Equal([1, 2], Numbers(await SearchAsync(bot, "市农业农村局")));
        // A district is found in the collective names (各区政府(管委会)) as well as by its own name.
        var district = Numbers(await SearchAsync(bot, "江岸区政府"));
        Assert.Contains(1, district);
        Assert.Contains(3, district);
        Assert.Empty(Numbers(await SearchAsync(bot, "没有这样的任务")));
        Assert.Empty(Numbers(await SearchAsync(bot, "99"))); // no task 99, and no task says 99
    }

    [Fact]
    public async Task The_initial_run_lists_the_persons_own_units_open_tasks_and_a_leader_gets_all()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        Assert.Equal([1, 3], Numbers(await SearchAsync(bot, null)));
        Assert.Equal([1, 3], Numbers(await SearchAsync(bot, "  ")));
        Assert.Equal([1, 2], Numbers(await SearchAsync(bot, null, from: "u-agri")));
        Assert.Equal([1, 4, 2, 3], Numbers(await SearchAsync(bot, null, from: "u-leader"))); // by deadline

        var next = Query(bot, null);
        next["value"]!["queryOptions"]!["skip"] = 25; // Teams asking for a second page
        var page = (await (await bot.Client.PostAsJsonAsync("/api/messages", next)).Content.ReadFromJsonAsync<JsonObject>())!["composeExtension"]!.AsObject();
        Assert.Empty(Numbers(page));
    }

    [Fact]
    public async Task Someone_not_in_the_directory_is_told_whom_to_ask_and_sees_no_task()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var result = await SearchAsync(bot, "任务3", from: "u-stranger");
        Assert.Equal("message", (string?)result["type"]);
        Assert.Contains("没有登记", (string?)result["text"]);
        Assert.Contains("市生态环境局", (string?)result["text"]); // the directory's admin
        Assert.Null(result["attachments"]);
        var english = await SearchAsync(bot, null, from: "u-stranger", locale: "en-US");
        Assert.Contains("not registered", (string?)english["text"]);
    }
}
