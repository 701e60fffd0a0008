using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The quarterly filing asked for, and the files it and a signed-off task give, turn by turn with the real handler over
/// the sample plan (2019-03-20): who gets which card, the workbook and the public notice in a Teams personal chat (file
/// consent, upload to a local upload URL, the file card), in a group chat (to the personal chat), and in Web Chat (a
/// data: attachment); refusals and forged requests send nothing.
/// </summary>
public sealed class FilingTurnTests : SamplePlanTests
{
    /// <summary>
    /// The intent model for these turns: the quarterly filing and disclosure requests are recognized by another part of the
    /// bot's corpus (not yet in it), so a small model stands in; the slots are read by the real <see cref="CommandRecognizer.Read"/>.
    /// </summary>
    private static readonly IntentModel Model = IntentModel.Train(
    [
        new("季度报备", "QuarterFiling"), new("2019年一季度报备", "QuarterFiling"), new("上季度报备", "QuarterFiling"), new("一季度报备情况", "QuarterFiling"),
        new("quarterly filing", "QuarterFiling"), new("quarterly filing Q1 2019", "QuarterFiling"), new("quarterly filing for the first quarter", "QuarterFiling"),
        new("公示任务3", "Disclose"), new("公示任务5", "Disclose"), new("public notice for task 3", "Disclose"), new("public notice task 5", "Disclose"),
        new("任务3", "ShowTask"), new("task 3", "ShowTask"), new("查看任务5", "ShowTask"), new("show task 5", "ShowTask"),
        new("天气不错", "None"), new("nice weather", "None"),
    ]);

    private Chat Open(string user, string locale = "zh-CN", string channel = "msteams", IProactiveSender? sender = null)
    {
        var (adapter, bot, _) = BotKit.Create(Store, Store, Time, user, locale, model: Model, proactive: sender);
        adapter.Conversation.ChannelId = channel;
        adapter.Conversation.Conversation.ConversationType = "personal"; // as Teams marks a person's own chat with the bot
        return new Chat(adapter, bot);
    }

    private async Task SignOffAsync(int number)
    {
        var task = (await Store.GetTaskAsync(number))!;
        Assert.Equal(TaskWriteOutcome.Written, (await Store.UpdateTaskAsync(task with { Status = RectificationStatus.SignedOff, PercentComplete = 100 })).Outcome);
    }

    private static Attachment Attachment(IReadOnlyList<IActivity> replies) =>
        Assert.Single(replies.OfType<IMessageActivity>().SelectMany(m => m.Attachments ?? []));

    // ---- the command ----

    [Theory]
    [InlineData("季度报备", 2018, 4)]
    [InlineData("上季度报备", 2018, 4)]
    [InlineData("2019年一季度报备", 2019, 1)]
    [InlineData("一季度报备情况", 2019, 1)]
    [InlineData("quarterly filing Q1 2019", 2019, 1)]
    [InlineData("quarterly filing 2018Q3", 2018, 3)]
    [InlineData("quarterly filing for the first quarter", 2019, 1)]
    [InlineData("quarterly filing for last quarter", 2018, 4)]
    [InlineData("本季度报备", 2019, 1)]
    [InlineData("2019年4月的季度报备", 2018, 4)] // a month is not a quarter: not read as 2019Q4
    public void The_quarter_is_read_from_the_request_and_defaults_to_the_last_one_ended(string text, int year, int number)
    {
        var command = CommandRecognizer.Read(CommandKind.QuarterFiling, text, text, new DateOnly(2019, 3, 20));
        Assert.Equal(CommandKind.QuarterFiling, command.Kind);
        Assert.Equal(new Tasks.Rules.Quarter(year, number), command.Quarter ?? Dialogs.Filing.QuarterFilingPlanner.LastEnded(new DateOnly(2019, 3, 20)));
    }

    [Fact]
    public async Task A_leader_gets_the_overall_card_of_the_last_quarter_with_the_workbook_button()
    {
        var replies = await Open("u-leader").SayAsync("季度报备");
        var card = Chat.Read(Assert.Single(Chat.Cards(replies)));
        Assert.StartsWith("2018年第四季度报备 · 总体情况", card);
        Assert.Contains("季末情况（截至 2018-12-31）", card);
        Assert.Contains("整改任务: 4", card);
        Assert.Contains("[下载季度报备表]", card);
        Assert.Contains("督办函（下发/已回复）: 0 件 / 0 件", card); // none issued in the quarter
        Assert.Equal("2018Q4", (string?)Chat.ActionData(Chat.Cards(replies)[0], CardVerbs.QuarterWorkbook)["quarter"]);
    }

    [Fact]
    public async Task The_current_quarter_is_to_date_and_an_official_sees_only_their_units_card_without_the_button()
    {
        var card = Chat.Read(Assert.Single(Chat.Cards(await Open("u-water").SayAsync("2019年一季度报备"))));
        Assert.StartsWith("2019年第一季度报备 · 市水务局", card);
        Assert.Contains("本季度尚未结束：截至 2019-03-20 的情况", card);
        Assert.Contains("未启动 0% · 已逾期 · 1月✗ 2月✗ 3月✗", card); // task 1; March's report is due by the 15th, passed
        Assert.DoesNotContain("下载季度报备表", card);
        Assert.DoesNotContain("江岸区政府", card);
    }

    [Fact]
    public async Task In_english_the_official_card_names_the_months()
    {
        var card = Chat.Read(Assert.Single(Chat.Cards(await Open("u-jiangan", "en-US").SayAsync("quarterly filing Q1 2019"))));
        Assert.StartsWith("Quarterly filing Q1 2019 · 江岸区政府", card);
        Assert.Contains("The quarter is not over: to date, as of 2019-03-20", card);
        Assert.Contains("Jan✗ Feb✗ Mar✗", card);
        Assert.Contains("✓ filed", card);
    }

    [Theory]
    [InlineData("zh-CN", "2019年二季度报备", "2019年第二季度还没有开始，无法报备。")]
    [InlineData("en-US", "quarterly filing Q3 2019", "Q3 2019 has not begun yet, so there is nothing to file.")]
    public async Task A_future_quarter_is_refused_with_why(string locale, string text, string answer)
    {
        var replies = await Open("u-leader", locale).SayAsync(text);
        Assert.StartsWith(answer, Chat.Text(replies));
        Assert.Empty(Chat.Cards(replies));
    }

    [Fact]
    public async Task A_quarter_before_the_earliest_report_is_refused_with_why()
    {
        await Store.SubmitReportAsync(new ProgressReport
        {
            Id = "r1", TaskNumber = 3, Unit = "市水务局", ReporterId = "u-water", ReporterName = "水务局联络员", ReportedAt = Time.GetUtcNow(),
            Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 20, Summary = "推进中", SourceId = "test:r1",
        }, null);
        Assert.Equal("2018年第三季度早于本系统最早的进展报告（2019-03），没有可报备的内容。", Chat.Text(await Open("u-leader").SayAsync("2018年三季度报备")));
        // The quarter the earliest report is in is answered.
        Assert.StartsWith("2019年第一季度报备 · 市水务局", Chat.Read(Assert.Single(Chat.Cards(await Open("u-water").SayAsync("2019年一季度报备")))));
    }

    [Fact]
    public async Task A_stranger_is_refused()
    {
        var replies = await Open("u-nobody").SayAsync("季度报备");
        Assert.Contains("你还没有登记在整改督办名录中", Chat.Text(replies));
        Assert.Empty(Chat.Cards(replies));
    }

    // ---- the workbook in Teams ----

    [Fact]
    public async Task In_a_personal_chat_the_workbook_comes_by_file_consent_and_is_uploaded_on_allow_then_shown_as_a_file_card()
    {
        await using var upload = await Upload.StartAsync();
        var leader = Open("u-leader");
        var consent = Attachment(await leader.ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2018Q4" }));
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", consent.ContentType);
        Assert.Equal("2018Q4-季度报备.xlsx", consent.Name);
        var card = JObject.FromObject(consent.Content);
        Assert.Equal("2018年第四季度季度报备表（Excel）", (string?)card["description"]);
        Assert.True((long)card["sizeInBytes"]! > 1000);
        Assert.Equal("quarter", (string?)card["acceptContext"]!["file"]);
        Assert.Equal("2018Q4", (string?)card["acceptContext"]!["quarter"]);
        Assert.Equal(card["acceptContext"]!.ToString(), card["declineContext"]!.ToString());

        var replies = await leader.SendAsync(Consent("accept", card["acceptContext"]!, upload.Url + "/upload/1", "2018Q4-季度报备.xlsx"));
        var (range, bytes) = Assert.Single(upload.Received);
        Assert.Equal($"bytes 0-{bytes.Length - 1}/{bytes.Length}", range);
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var sheets = workbook.WorkbookPart!.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Equal(["汇总", "任务", "报告", "督办函"], sheets);
            var summary = string.Join("|", workbook.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>()).Select(t => t.Text));
            Assert.Contains("2018Q4", summary);
        }
        var info = Attachment(replies);
        Assert.Equal("application/vnd.microsoft.teams.card.file.info", info.ContentType);
        Assert.Equal("https://contoso.sharepoint.com/personal/leader/Documents/2018Q4-季度报备.xlsx", info.ContentUrl);
        Assert.Equal("xlsx", ((FileInfoCard)info.Content).FileType);
        Assert.Equal("file-unique-1", ((FileInfoCard)info.Content).UniqueId);
        Assert.Contains("文件已发送：2018Q4-季度报备.xlsx", Chat.Text(replies));
    }

    [Fact]
    public async Task A_refused_upload_sends_no_file_card_and_says_it_failed()
    {
        await using var upload = await Upload.StartAsync();
        var replies = await Open("u-leader").SendAsync(Consent("accept", JObject.FromObject(new { file = "quarter", quarter = "2018Q4" }), upload.Url + "/expired/1", "2018Q4-季度报备.xlsx"));
        Assert.Equal("2018Q4-季度报备.xlsx 上传失败，没有发送成功，请稍后再点一次按钮。", Chat.Text(replies));
        Assert.DoesNotContain(replies.OfType<IMessageActivity>(), m => m.Attachments?.Count > 0);
    }

    [Fact]
    public async Task Declining_sends_nothing_and_says_so()
    {
        await using var upload = await Upload.StartAsync();
        var replies = await Open("u-leader", "en-US").SendAsync(Consent("decline", JObject.FromObject(new { file = "quarter", quarter = "2018Q4" }), upload.Url + "/upload/1", "x.xlsx", "en-US"));
        Assert.Equal("Cancelled: 2018Q4-quarterly-filing.xlsx was not sent. Select the button again when you need it.", Chat.Text(replies));
        Assert.Empty(upload.Received);
    }

    [Fact]
    public async Task An_official_is_refused_the_workbook_on_the_button_and_on_a_forged_consent()
    {
        await using var upload = await Upload.StartAsync();
        var official = Open("u-water");
        var replies = await official.ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2018Q4" });
        Assert.Equal("只有领导和管理员可以下载季度报备表。", Chat.Text(replies));
        Assert.DoesNotContain(replies.OfType<IMessageActivity>(), m => m.Attachments?.Count > 0);
        replies = await official.SendAsync(Consent("accept", JObject.FromObject(new { file = "quarter", quarter = "2018Q4" }), upload.Url + "/upload/1", "x.xlsx"));
        Assert.Equal("只有领导和管理员可以下载季度报备表。", Chat.Text(replies));
        Assert.Empty(upload.Received);
    }

    [Theory]
    [InlineData("{\"file\":\"quarter\",\"quarter\":\"2018Q5\"}")]
    [InlineData("{\"file\":\"secrets\",\"path\":\"/etc/passwd\"}")]
    [InlineData("\"2018Q4\"")]
    public async Task A_forged_consent_context_uploads_nothing(string context)
    {
        await using var upload = await Upload.StartAsync();
        var replies = await Open("u-leader").SendAsync(Consent("accept", JToken.Parse(context), upload.Url + "/upload/1", "x.xlsx"));
        Assert.Equal("这个文件请求无效或已过期，没有发送任何文件。请重新点卡片上的按钮。", Chat.Text(replies));
        Assert.Empty(upload.Received);
    }

    [Fact]
    public async Task A_bad_quarter_on_the_button_is_refused_as_bad_data()
    {
        var replies = await Open("u-leader").ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2018Q5" });
        Assert.Equal(400, Chat.InvokeResponse(replies).StatusCode);
    }

    [Fact]
    public async Task In_a_group_chat_the_consent_card_goes_to_the_leaders_personal_chat()
    {
        var sender = new RecordingSender();
        await Store.SaveConversationAsync(FakeConnector.Personal("https://smba.example/", "u-leader", Time.GetUtcNow()));
        var replies = await Open("u-leader", sender: sender).InGroupChat().ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2018Q4" });
        Assert.Equal("群聊和频道里不能直接发送文件：2018Q4-季度报备.xlsx 已发到你与整改督办助手的单聊，请在那里点“允许”接收。", Chat.Text(replies));
        var sent = Assert.Single(sender.Sent);
        Assert.Equal("a:u-leader", sent.To.ConversationId);
        var consent = Assert.Single(((IMessageActivity)sent.Activity).Attachments);
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", consent.ContentType);
        Assert.Equal("2018Q4-季度报备.xlsx", consent.Name);
    }

    [Fact]
    public async Task In_a_group_chat_without_a_personal_chat_the_leader_is_told_how_to_get_the_file()
    {
        var sender = new RecordingSender();
        var replies = await Open("u-leader", "en-US", sender: sender).InGroupChat().ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2018Q4" });
        var text = Chat.Text(replies);
        Assert.StartsWith("Files cannot be sent in group chats and channels, and you have no personal chat with RectifyBot yet.", text);
        Assert.Contains("quarter --quarter 2018Q4 -o 2018Q4.xlsx", text);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task In_web_chat_the_workbook_is_attached_as_a_data_uri()
    {
        var replies = await Open("u-leader", channel: "webchat").ExecuteAsync(CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = "2019Q1" });
        var file = Attachment(replies);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.ContentType);
        Assert.Equal("2019Q1-季度报备.xlsx", file.Name);
        const string prefix = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,";
        Assert.StartsWith(prefix, file.ContentUrl);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(Convert.FromBase64String(file.ContentUrl[prefix.Length..])), false);
        var texts = workbook.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>()).Select(t => t.Text).ToList();
        Assert.Contains("2019Q1", texts);
    }

    // ---- the public notice ----

    [Fact]
    public async Task The_public_notice_button_shows_to_leaders_only_on_a_signed_off_task()
    {
        Assert.DoesNotContain("[生成公示]", Chat.Read(Assert.Single(Chat.Cards(await Open("u-leader").SayAsync("任务3")))));
        await SignOffAsync(3);
        var card = Assert.Single(Chat.Cards(await Open("u-leader").SayAsync("任务3")));
        Assert.Contains("[生成公示]", Chat.Read(card));
        Assert.Equal(3, (int)Chat.ActionData(card, CardVerbs.DiscloseNotice)["task"]!);
        Assert.Contains("[Public notice]", Chat.Read(Assert.Single(Chat.Cards(await Open("u-leader", "en-US").SayAsync("task 3")))));
        Assert.DoesNotContain("[生成公示]", Chat.Read(Assert.Single(Chat.Cards(await Open("u-water").SayAsync("任务3")))));
    }

    [Theory]
    [InlineData("zh-CN", "公示任务3", "任务 3 目前为“未启动”：销号后才能生成整改情况公示。")]
    [InlineData("en-US", "public notice for task 3", "Task 3 is “not started”: a public notice can be produced once it is signed off.")]
    [InlineData("zh-CN", "公示任务99", "整改方案中没有任务 99。")]
    public async Task A_notice_of_a_task_not_signed_off_or_not_in_the_plan_is_refused_with_why(string locale, string text, string answer)
    {
        var replies = await Open("u-leader", locale).SayAsync(text);
        Assert.Equal(answer, Chat.Text(replies));
        Assert.DoesNotContain(replies.OfType<IMessageActivity>(), m => m.Attachments?.Count > 0);
    }

    [Fact]
    public async Task An_official_is_refused_the_notice_even_with_a_forged_button()
    {
        await SignOffAsync(3);
        var replies = await Open("u-water").ExecuteAsync(CardVerbs.DiscloseNotice, new JsonObject { ["task"] = 3 });
        Assert.Equal("只有领导和管理员可以生成整改情况公示。", Chat.Text(replies));
        Assert.DoesNotContain(replies.OfType<IMessageActivity>(), m => m.Attachments?.Count > 0);
    }

    [Fact]
    public async Task A_signed_off_tasks_notice_is_uploaded_on_allow_as_that_tasks_word_document()
    {
        await SignOffAsync(3);
        await using var upload = await Upload.StartAsync();
        var leader = Open("u-leader");
        var consent = Attachment(await leader.ExecuteAsync(CardVerbs.DiscloseNotice, new JsonObject { ["task"] = 3 }));
        Assert.Equal("任务3-整改情况公示.docx", consent.Name);
        var context = JObject.FromObject(consent.Content)["acceptContext"]!;
        Assert.Equal(3, (int)context["task"]!);
        await leader.SendAsync(Consent("accept", context, upload.Url + "/upload/2", "任务3-整改情况公示.docx"));
        var (_, bytes) = Assert.Single(upload.Received);
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Contains("第3项整改情况的公示", document.MainDocumentPart!.Document!.Body!.InnerText);
    }

    [Fact]
    public async Task In_web_chat_the_notice_is_attached_as_a_word_document()
    {
        await SignOffAsync(3);
        var replies = await Open("u-leader", channel: "webchat").SayAsync("公示任务3");
        var file = Attachment(replies);
        Assert.Equal("任务3-整改情况公示.docx", file.Name);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.ContentType);
        var bytes = Convert.FromBase64String(file.ContentUrl[(file.ContentUrl.IndexOf(',') + 1)..]);
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Contains("第3项整改情况的公示", document.MainDocumentPart!.Document!.Body!.InnerText);
    }

    /// <summary>The invoke Teams sends when the person presses Allow or Decline on a consent card.</summary>
    private static Activity Consent(string action, JToken context, string uploadUrl, string name, string locale = "zh-CN") => new(ActivityTypes.Invoke)
    {
        Name = "fileConsent/invoke",
        Locale = locale,
        Value = JObject.FromObject(new FileConsentCardResponse
        {
            Action = action,
            Context = context,
            UploadInfo = new FileUploadInfo
            {
                Name = name, UploadUrl = uploadUrl, UniqueId = "file-unique-1", FileType = Path.GetExtension(name).TrimStart('.'),
                ContentUrl = "https://contoso.sharepoint.com/personal/leader/Documents/" + name,
            },
        }),
    };

    /// <summary>Records the messages the bot sends first (the consent card to a personal chat) instead of sending them.</summary>
    private sealed class RecordingSender : IProactiveSender
    {
        public ConcurrentQueue<ProactiveMessage> Sent { get; } = new();

        public Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return Task.FromResult(SendOutcome.Sent);
        }
    }

    /// <summary>OneDrive's upload URL as Teams hands it over, on a loopback port: takes the PUT and keeps its Content-Range and bytes.</summary>
    private sealed class Upload : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Upload(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Range, byte[] Bytes)> Received { get; } = new();

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static async Task<Upload> StartAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var upload = new Upload(builder.Build());
            upload._app.MapPut("/upload/{id}", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                upload.Received.Enqueue((request.Headers.ContentRange.ToString(), buffer.ToArray()));
                return Results.Created("/upload", new { id = "file-unique-1" });
            });
            await upload._app.StartAsync();
            return upload;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
