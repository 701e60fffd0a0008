using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace RectifyBot.Bot.Tests;

public class HostTests
{
    [Fact]
    public async Task A_message_posted_to_api_messages_is_answered_at_the_channels_service_url()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-10");
        var message = bot.Message("任务3");
        var response = await bot.Client.PostAsJsonAsync("/api/messages", message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = await bot.ReplyToAsync((string)message["id"]!);
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal((string?)message["conversation"]!["id"], (string?)reply["conversation"]!["id"]);
        var text = RectifyBot.Cards.CardText.Render(reply["attachments"]![0]!["content"]); // the task's card, as a user reads it
        Assert.Contains("任务 3", text);
        Assert.Contains("2020 年底之前", text);
        Assert.Contains("还剩 662 天", text); // 2019-03-10 → 2020-12-31, from the pinned clock
        Assert.Contains("市水务局、市城建局", text);
    }

    [Fact]
    public async Task English_locale_gets_an_english_answer_and_health_is_reported()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-10");
        var message = bot.Message("task 1", locale: "en-US");
        await bot.Client.PostAsJsonAsync("/api/messages", message);
        var text = RectifyBot.Cards.CardText.Render((await bot.ReplyToAsync((string)message["id"]!))["attachments"]![0]!["content"]);
        Assert.Contains("Task 1", text);
        Assert.Contains("69 days overdue", text);
        Assert.Contains("Lead units", text);

        var health = await bot.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"foo\": 1}")]
    [InlineData("")]
    public async Task A_body_that_is_not_an_activity_is_a_400(string body)
    {
        await using var bot = await RunningBot.StartAsync();
        var response = await bot.Client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task With_an_app_id_a_missing_malformed_or_invalid_authorization_is_a_401(string? authorization)
    {
        await using var bot = await RunningBot.StartAsync("--MicrosoftAppId=00000000-0000-0000-0000-000000000001", "--MicrosoftAppPassword=secret", "--MicrosoftAppType=MultiTenant");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(bot.Message("帮助")) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        var response = await bot.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
