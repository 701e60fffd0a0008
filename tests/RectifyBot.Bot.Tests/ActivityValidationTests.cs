using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RectifyBot.Bot.Tests;

/// <summary>What <c>/api/messages</c> answers to requests that are not a usable activity, over HTTP to the real host.</summary>
public class ActivityValidationTests
{
    [Theory]
    [InlineData("serviceUrl")]
    [InlineData("conversation")]
    [InlineData("conversation.id")]
    [InlineData("channelId")]
    [InlineData("type")]
    public async Task An_activity_missing_what_a_reply_needs_is_a_400_and_nothing_runs(string missing)
    {
        await using var bot = await RunningBot.StartAsync();
        var message = bot.Message("帮助");
        if (missing == "conversation.id")
        {
            message["conversation"]!.AsObject().Remove("id");
        }
        else
        {
            message.Remove(missing);
        }
        var response = await bot.Client.PostAsJsonAsync("/api/messages", message);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var next = bot.Message("帮助");
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsJsonAsync("/api/messages", next)).StatusCode);
        await bot.ReplyToAsync((string)next["id"]!);
        Assert.Equal(1, bot.ReplyCount); // the refused one was never answered
    }

    [Fact]
    public async Task A_service_url_that_is_not_an_http_url_is_a_400()
    {
        await using var bot = await RunningBot.StartAsync();
        var message = bot.Message("帮助");
        message["serviceUrl"] = "not a url";
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.Client.PostAsJsonAsync("/api/messages", message)).StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task A_body_that_is_not_json_by_its_content_type_is_a_415(string contentType)
    {
        await using var bot = await RunningBot.StartAsync();
        var content = new StringContent(bot.Message("帮助").ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await bot.Client.PostAsync("/api/messages", content)).StatusCode);
        Assert.Equal(0, bot.ReplyCount);
    }

    [Fact]
    public async Task Json_with_a_utf8_charset_is_accepted()
    {
        await using var bot = await RunningBot.StartAsync();
        var message = bot.Message("帮助");
        var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
        Assert.Equal("utf-8", content.Headers.ContentType!.CharSet);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.PostAsync("/api/messages", content)).StatusCode);
        Assert.Equal("message", (string?)(await bot.ReplyToAsync((string)message["id"]!))["type"]);
    }

    [Fact]
    public async Task A_dialog_fetch_gets_a_message_teams_shows_instead_of_an_error()
    {
        await using var bot = await RunningBot.StartAsync();
        var response = await bot.Client.PostAsJsonAsync("/api/messages", Invoke(bot, "task/fetch", new JsonObject { ["data"] = new JsonObject() }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("message", (string?)body["task"]!["type"]);
        Assert.Contains("帮助", (string?)body["task"]!["value"]);
    }

    [Fact]
    public async Task A_compose_box_search_that_finds_nothing_gets_an_empty_result_list()
    {
        await using var bot = await RunningBot.StartAsync();
        var parameters = new JsonArray(new JsonObject { ["name"] = "query", ["value"] = "没有这样的任务" });
        var response = await bot.Client.PostAsJsonAsync("/api/messages", Invoke(bot, "composeExtension/query", new JsonObject { ["commandId"] = "searchTasks", ["parameters"] = parameters }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("result", (string?)body["composeExtension"]!["type"]);
        Assert.Empty(body["composeExtension"]!["attachments"]!.AsArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("config/fetch")]
    [InlineData("signin/verifyState")]
    public async Task An_invoke_the_bot_does_not_handle_gets_an_empty_200_not_501(string? name)
    {
        await using var bot = await RunningBot.StartAsync();
        var invoke = Invoke(bot, name, new JsonObject { ["commandId"] = "x" });
        var response = await bot.Client.PostAsJsonAsync("/api/messages", invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_consent_invoke_without_accept_or_decline_is_a_bad_request()
    {
        await using var bot = await RunningBot.StartAsync();
        var response = await bot.Client.PostAsJsonAsync("/api/messages", Invoke(bot, "fileConsent/invoke", new JsonObject { ["commandId"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_health_check_invoke_is_answered_as_the_bot_framework_defines_it()
    {
        await using var bot = await RunningBot.StartAsync();
        var response = await bot.Client.PostAsJsonAsync("/api/messages", Invoke(bot, "healthCheck", null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((bool)body["healthResults"]!["success"]!);
        Assert.Equal("Health check succeeded.", (string?)body["healthResults"]!["messages"]![0]);
        Assert.Null(body["healthResults"]!["authorization"]);
    }

    [Fact]
    public async Task Refused_card_data_answers_an_error_with_a_code_and_a_message()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var invoke = Invoke(bot, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "report.submit", ["data"] = new JsonObject { ["verb"] = "report.submit", ["task"] = "x" } },
            ["trigger"] = "manual",
        });
        var response = await bot.Client.PostAsJsonAsync("/api/messages", invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
        Assert.Equal("BadRequest", (string?)body["value"]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["value"]!["message"]));
    }

    private static JsonObject Invoke(RunningBot bot, string? name, JsonObject? value)
    {
        var invoke = bot.Message("");
        invoke.Remove("text");
        invoke["type"] = "invoke";
        if (name is not null)
        {
            invoke["name"] = name;
        }
        if (value is not null)
        {
            invoke["value"] = value;
        }
        return invoke;
    }
}
