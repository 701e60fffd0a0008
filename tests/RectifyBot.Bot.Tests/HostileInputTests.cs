using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>Card data and text that look right but are not: refused with a clear message, and nothing is written.</summary>
public sealed class HostileInputTests : SamplePlanTests
{
    private static async Task<JsonObject> FormDataAsync(Chat chat, string summary = "福新泵站主体完工")
    {
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        var data = Chat.ActionData(form, CardVerbs.ReportSubmit);
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = summary;
        return data;
    }

    public static TheoryData<string, string> ForgedFields() => new()
    {
        { "task", "\"3\"" },
        { "task", "\"03\"" },
        { "task", "\" 3\"" },
        { "task", "0" },
        { "task", "3.5" },
        { "version", "0" },
        { "version", "-1" },
        { "version", "\"1\"" },
        { "version", "999" },
        { "version", "null" },
        { "unit", "\"市水务局\"" },
        { "reporter", "\"u-leader\"" },
        { "cardId", "\"../../x\"" },
        { "summary", "{\"a\":1}" },
    };

    [Theory]
    [MemberData(nameof(ForgedFields))]
    public async Task A_forged_field_on_a_report_card_is_refused_with_a_message_and_nothing_is_stored(string field, string json)
    {
        var chat = Start();
        var data = await FormDataAsync(chat);
        data[field] = JsonNode.Parse(json);

        var replies = await chat.ExecuteAsync(CardVerbs.ReportSubmit, data);
        var response = Chat.InvokeResponse(replies);
        Assert.Equal(400, response.StatusCode);
        var error = Assert.IsType<Error>(response.Value);
        Assert.Equal("BadRequest", error.Code);
        Assert.Contains("没有保存任何内容", error.Message);

        var submitted = await chat.SubmitAsync(data); // the same data as an Action.Submit message
        Assert.Contains("没有保存任何内容", Chat.Text(submitted));
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task Data_naming_another_verb_than_the_invoke_is_refused()
    {
        var chat = Start();
        var data = await FormDataAsync(chat);
        data["verb"] = CardVerbs.ReportCancel;
        Assert.Equal(400, Chat.InvokeResponse(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data)).StatusCode);
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task An_unknown_verb_is_refused()
    {
        var chat = Start();
        Assert.Equal(400, Chat.InvokeResponse(await chat.ExecuteAsync("report.delete", new JsonObject { ["task"] = 3 })).StatusCode);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B", "请填写本期完成情况")] // zero-width spaces only: not filled in
    [InlineData("\u200B\u200C\u200D\uFEFF \u3000", "请填写本期完成情况")]
    [InlineData("泵站完工\u202Egnp.exe", "不可见的控制字符")] // a right-to-left override
    [InlineData("泵站\0完工", "不可见的控制字符")] // NUL
    [InlineData("\u001b[31m泵站完工\u001b[0m", "不可见的控制字符")] // ANSI colour escapes
    public async Task Text_that_looks_filled_or_harmless_but_is_not_is_refused_and_not_echoed(string summary, string message)
    {
        var chat = Start();
        var data = await FormDataAsync(chat, summary);

        var back = Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data)));
        Assert.Contains(message, Chat.Read(back));
        var echoed = Chat.InputValue(back, "summary") ?? "";
        Assert.DoesNotContain(echoed, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task Free_text_is_stored_normalized()
    {
        var chat = Start();
        var data = await FormDataAsync(chat, "  Cafe\u0301 泵站完工  "); // e + combining acute: NFC makes it one character
        Assert.Contains("已保存", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data)))));
        Assert.Equal("Café 泵站完工", Assert.Single(await ReportsAsync(3)).Summary);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2999年12月31日")]
    public async Task An_expected_date_outside_the_plans_years_is_refused(string expected)
    {
        var chat = Start();
        var data = await FormDataAsync(chat);
        data["expected"] = expected;
        var back = Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data))));
        Assert.Contains("超出了本方案的年份范围（2018-01-01 至 2025-12-31）", back);
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task The_text_path_refuses_invisible_text_and_out_of_range_dates_and_asks_again()
    {
        var chat = Start(locale: "en-US");
        await chat.SayAsync("update task 3");
        await chat.SayAsync("in progress");
        await chat.SayAsync("60");
        var refused = Chat.Text(await chat.SayAsync("\u200B\u200B"));
        Assert.Contains("Say what was done this period.", refused);
        Assert.Contains("What was done this period", refused); // asked again
        await chat.SayAsync("Pump station built");
        await chat.SayAsync("none");
        await chat.SayAsync("none");
        var date = Chat.Text(await chat.SayAsync("1900-01-01"));
        Assert.Contains("outside the plan's years", date);
        Assert.Contains("evidence links", Chat.Text(await chat.SayAsync("end of June")));
        Assert.Contains("Status: in progress · 60%", Chat.Text(await chat.SayAsync("none")));
        Assert.Contains("Saved", Chat.Text(await chat.SayAsync("confirm")));
        Assert.Equal(new DateOnly(2019, 6, 30), Assert.Single(await ReportsAsync(3)).ExpectedCompletion);
    }

    [Fact]
    public async Task Several_people_of_a_unit_reporting_from_forms_shown_at_once_are_all_stored_and_told_the_task_changed()
    {
        var first = Start("u-water");
        var second = Start("u-water-2");
        await Store.UpsertPeopleAsync([new Person("u-water-2", null, "水务局二号", "市水务局", PersonRole.Official)]);
        var firstData = await FormDataAsync(first, "一号的进展");
        var secondData = await FormDataAsync(second, "二号的进展");
        secondData["percent"] = "70";

        Assert.DoesNotContain("已有新的报告", Chat.Read(Assert.Single(Chat.Cards(await first.ExecuteAsync(CardVerbs.ReportSubmit, firstData)))));
        var later = Chat.Read(Assert.Single(Chat.Cards(await second.ExecuteAsync(CardVerbs.ReportSubmit, secondData))));
        Assert.Contains("已保存", later);
        Assert.Contains("你填写期间，任务 3 已有新的报告（", later);
        Assert.Equal(["一号的进展", "二号的进展"], (await ReportsAsync(3)).Select(r => r.Summary).Order());
        Assert.Equal(70, (await Store.GetTaskAsync(3))!.PercentComplete);
    }
}
