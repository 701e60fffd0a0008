using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>Reporting progress, turn by turn through the real handler, with the store checked after every write.</summary>
public sealed class ReportTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-report-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private SqliteTaskStore _store = null!;
    private FaultyStore _faulty = null!;

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "report.db"), matcher);
        _faulty = new FaultyStore(_store);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private Chat Start(string user = "u-water", string locale = "zh-CN", Dictionary<string, string?>? settings = null)
    {
        var (adapter, bot, _) = BotKit.Create(_faulty, _store, _time, user, locale, settings);
        return new Chat(adapter, bot);
    }

    private async Task<IReadOnlyList<ProgressReport>> ReportsAsync(int task) =>
        (await _store.QueryReportsAsync(new ReportQuery { TaskNumber = task }, PageRequest.First)).Items;

    private static JsonObject Fill(JsonObject data, string status = "InProgress", string percent = "60", string summary = "福新泵站主体完工", string nextSteps = "", string measures = "", string expected = "", string evidence = "", string reason = "")
    {
        data["status"] = status;
        data["percent"] = percent;
        data["summary"] = summary;
        data["nextSteps"] = nextSteps;
        data["measuresDone"] = measures;
        data["expected"] = expected;
        data["evidence"] = evidence;
        data["reason"] = reason;
        return data;
    }

    [Theory]
    [InlineData("报告任务3进展")]
    [InlineData("汇报任务三进展")]
    [InlineData("填报第3项整改进展")]
    [InlineData("我想汇报一下任务3的进度")]
    public async Task A_report_through_the_form_card_is_stored_once_and_replaces_the_form(string ask)
    {
        var chat = Start();
        var opened = await chat.SayAsync(ask);
        var form = Assert.Single(Chat.Cards(opened));
        var shown = Chat.Read(form);
        Assert.Contains("报告进展 · 任务 3", shown);
        Assert.Contains("2020-12-31，还剩 652 天", shown);
        Assert.Contains("（7）青山区分年度", shown);
        Assert.Contains("任务 3 目前的整改状态是？", Chat.Text(opened)); // the text path, for clients without cards

        var data = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), nextSteps: "下月完成管网接驳", measures: "1,3", expected: "2019年6月底", evidence: "https://example.gov.cn/a.pdf\nhttp://example.gov.cn/b.jpg");
        var saved = await chat.ExecuteAsync(CardVerbs.ReportSubmit, data);
        var confirmation = Chat.Read(Assert.Single(Chat.Cards(saved)));
        Assert.Contains("已保存任务 3 的 2019-03 进展报告", confirmation);
        Assert.Contains("没有正在进行", Chat.Text(await chat.SayAsync("取消"))); // the text flow beside the form ended with it

        var report = Assert.Single(await ReportsAsync(3));
        Assert.Equal((RectificationStatus.InProgress, 60, "福新泵站主体完工", "下月完成管网接驳"), (report.Status, report.PercentComplete, report.Summary, report.NextSteps));
        Assert.Equal([1, 3], report.MeasuresDone);
        Assert.Equal(new DateOnly(2019, 6, 30), report.ExpectedCompletion);
        Assert.Equal(["https://example.gov.cn/a.pdf", "http://example.gov.cn/b.jpg"], report.Evidence);
        Assert.Equal(("市水务局", "u-water", "2019-03", false), (report.Unit, report.ReporterId, report.Period, report.OnBehalf));
        var task = (await _store.GetTaskAsync(3))!;
        Assert.Equal((RectificationStatus.InProgress, 60), (task.Status, task.PercentComplete));

        // Pressed again (or delivered twice): the first report is shown, nothing new is stored.
        var again = await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), percent: "70"));
        Assert.Contains("已在", Chat.Read(Assert.Single(Chat.Cards(again))));
        Assert.Single(await ReportsAsync(3));
        Assert.Equal(60, (await _store.GetTaskAsync(3))!.PercentComplete);
    }

    [Fact]
    public async Task The_same_card_data_arriving_as_an_action_submit_message_is_handled_alike_in_english()
    {
        var chat = Start(locale: "en-US");
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("report progress for task 3")));
        Assert.Contains("Report progress · Task 3", Chat.Read(form));
        var data = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), summary: "Pump station built");
        data["msteams"] = new JsonObject { ["type"] = "messageBack" };

        var saved = await chat.SubmitAsync(data);
        Assert.Contains("Saved the 2019-03 progress report for task 3", Chat.Read(Assert.Single(Chat.Cards(saved))));
        await chat.SubmitAsync(data);
        Assert.Equal("Pump station built", Assert.Single(await ReportsAsync(3)).Summary);
        Assert.Contains("Nothing is in progress", Chat.Text(await chat.SayAsync("cancel")));
    }

    [Fact]
    public async Task Invalid_fields_bring_the_form_back_with_the_input_kept_and_write_nothing()
    {
        var chat = Start();
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        var bad = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), percent: "150", summary: "完成了 <at>市长</at> 交办的工作", measures: "1,9", expected: "2019年2月30日", evidence: "javascript:alert(1)");

        var back = Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, bad)));
        var shown = Chat.Read(back);
        Assert.Contains("完成比例应为 0 到 100 之间的整数", shown);
        Assert.Contains("请用纯文字填写", shown);
        Assert.Contains("已完成措施的编号（1 到 7）", shown);
        Assert.Contains("不是能识别的日期", shown);
        Assert.Contains("“javascript:alert(1)”不是有效的 http(s) 链接", shown);
        Assert.Equal("完成了 <at>市长</at> 交办的工作", Chat.InputValue(back, "summary"));
        Assert.Equal("javascript:alert(1)", Chat.InputValue(back, "evidence"));

        var tooLong = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), summary: new string('长', 2001));
        Assert.Contains("内容太长（2001 字，最多 2000 字）", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, tooLong)))));
        var empty = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), summary: "   ");
        Assert.Contains("请填写本期完成情况", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, empty)))));
        var contradiction = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), status: "Completed", percent: "80");
        Assert.Contains("完成比例应为 100%", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, contradiction)))));

        Assert.Empty(await ReportsAsync(3));
        Assert.Equal(1, (await _store.GetTaskAsync(3))!.Version);
    }

    [Fact]
    public async Task A_lower_percent_than_the_last_report_needs_a_reason()
    {
        var chat = Start();
        var first = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(first, CardVerbs.ReportSubmit), percent: "60"));

        var second = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        Assert.Equal("60", Chat.InputValue(second, "percent")); // prefilled from the last report
        var lower = Fill(Chat.ActionData(second, CardVerbs.ReportSubmit), percent: "40", summary: "管网返工");
        Assert.Contains("低于上次报告的 60%，请填写原因", Chat.Read(Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, lower)))));
        Assert.Single(await ReportsAsync(3));

        lower["reason"] = "验收发现部分管网需返工";
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, lower);
        var latest = (await ReportsAsync(3))[0];
        Assert.Equal((40, "验收发现部分管网需返工"), (latest.PercentComplete, latest.Reason));
        Assert.Equal(40, (await _store.GetTaskAsync(3))!.PercentComplete);
    }

    [Fact]
    public async Task A_one_sentence_report_is_confirmed_before_it_is_saved()
    {
        var chat = Start();
        var sentence = "任务3进展：已完成60%，福新泵站主体完工，下月完成管网接驳";
        var review = Assert.Single(Chat.Cards(await chat.SayAsync(sentence)));
        var shown = Chat.Read(review);
        Assert.Contains("完成比例（%）: 60%", shown);
        Assert.Contains("整改状态: 推进中", shown);
        Assert.Empty(await ReportsAsync(3));

        var saved = await chat.ExecuteAsync(CardVerbs.ReportConfirm, Chat.ActionData(review, CardVerbs.ReportConfirm));
        Assert.Contains("已保存", Chat.Read(Assert.Single(Chat.Cards(saved))));
        var report = Assert.Single(await ReportsAsync(3));
        Assert.Equal((60, RectificationStatus.InProgress, "已完成60%，福新泵站主体完工，下月完成管网接驳"), (report.PercentComplete, report.Status, report.Summary));
    }

    [Fact]
    public async Task Edit_turns_the_review_into_the_form_with_what_was_understood()
    {
        var chat = Start(locale: "en-US");
        var review = Assert.Single(Chat.Cards(await chat.SayAsync("task 3 progress: six tenths done, pumps in")));
        var form = Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportEdit, Chat.ActionData(review, CardVerbs.ReportEdit))));
        Assert.Equal("six tenths done, pumps in", Chat.InputValue(form, "summary"));
        Assert.Contains("Submit", Chat.Read(form));
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task A_one_sentence_report_without_a_percent_opens_the_form_and_says_what_is_missing()
    {
        var chat = Start();
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("任务3进展：泵站主体完工")));
        var shown = Chat.Read(form);
        Assert.Contains("完成比例应为 0 到 100 之间的整数", shown);
        Assert.Equal("泵站主体完工", Chat.InputValue(form, "summary"));
    }

    [Fact]
    public async Task The_text_path_asks_one_question_per_turn_and_stores_on_confirm()
    {
        var chat = Start(locale: "en-US");
        Assert.Contains("What is the status of task 3?", Chat.Text(await chat.SayAsync("update task 3")));
        Assert.Contains("What percent is complete?", Chat.Text(await chat.SayAsync("in progress")));
        Assert.Contains("must be a whole number from 0 to 100", Chat.Text(await chat.SayAsync("lots")));
        Assert.Contains("What was done this period", Chat.Text(await chat.SayAsync("65%")));
        Assert.Contains("next steps", Chat.Text(await chat.SayAsync("Pump station built; 3 km of pipe laid")));
        Assert.Contains("Which are done?", Chat.Text(await chat.SayAsync("none")));
        Assert.Contains("Give the numbers of the measures done (1 to", Chat.Text(await chat.SayAsync("9")));
        Assert.Contains("expect to complete", Chat.Text(await chat.SayAsync("1, 3")));
        Assert.Contains("evidence links", Chat.Text(await chat.SayAsync("end of June")));
        var confirm = Chat.Text(await chat.SayAsync("https://example.gov.cn/pump.jpg"));
        Assert.Contains("Status: in progress · 65%", confirm);
        Assert.Empty(await ReportsAsync(3));

        var saved = await chat.SayAsync("confirm");
        Assert.Contains("Saved the 2019-03 progress report for task 3", Chat.Text(saved));
        var report = Assert.Single(await ReportsAsync(3));
        Assert.Equal((65, "Pump station built; 3 km of pipe laid", new DateOnly(2019, 6, 30)), (report.PercentComplete, report.Summary, report.ExpectedCompletion));
        Assert.Equal([1, 3], report.MeasuresDone);
        Assert.StartsWith("flow:", report.SourceId);

        Assert.Contains("Nothing is in progress", Chat.Text(await chat.SayAsync("cancel")));
    }

    [Fact]
    public async Task Cancel_at_any_step_stores_nothing()
    {
        var chat = Start();
        await chat.SayAsync("报告任务3进展");
        await chat.SayAsync("推进中");
        await chat.SayAsync("百分之七十");
        Assert.Contains("已取消", Chat.Text(await chat.SayAsync("取消")));
        Assert.Empty(await ReportsAsync(3));
        Assert.Contains("没有正在进行", Chat.Text(await chat.SayAsync("取消")));
    }

    [Fact]
    public async Task A_flow_survives_a_restart_and_expires_when_left_idle()
    {
        var chat = Start();
        await chat.SayAsync("报告任务3进展");
        await chat.SayAsync("2");

        // A new process: new services over the same database file and conversation.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reopened = new SqliteTaskStore(_store.Path, new UnitMatcher());
        var (adapter, bot, _) = BotKit.Create(reopened, reopened, _time, "u-water", "zh-CN");
        var resumed = new Chat(adapter, bot);
        Assert.Contains("本期（本月）完成了哪些工作", Chat.Text(await resumed.SayAsync("70")));

        _time.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains("超过 30 分钟没有操作，已自动取消", Chat.Text(await resumed.SayAsync("管网接驳完成")));
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task The_idle_time_is_configurable()
    {
        var chat = Start(settings: new() { ["Dialogs:FlowIdleMinutes"] = "5" });
        await chat.SayAsync("报告任务3进展");
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Contains("超过 5 分钟", Chat.Text(await chat.SayAsync("推进中")));
    }

    [Fact]
    public async Task A_unit_cannot_report_on_another_units_task_but_a_leader_can_on_behalf()
    {
        var agri = Start("u-agri");
        var refused = Chat.Text(await agri.SayAsync("报告任务3进展"));
        Assert.Contains("你所在的单位（市农业农村局）不是任务 3 的牵头或责任单位", refused);
        Assert.Contains("市水务局、市城建局", refused);

        // A card from someone else's chat, pressed by this user, is checked against the directory too.
        var water = Start("u-water");
        var form = Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展")));
        var data = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit));
        Assert.Contains("不是任务 3 的牵头或责任单位", Chat.Text(await agri.ExecuteAsync(CardVerbs.ReportSubmit, data)));
        Assert.Empty(await ReportsAsync(3));

        var leader = Start("u-leader");
        var leaderForm = Assert.Single(Chat.Cards(await leader.SayAsync("报告任务3进展")));
        Assert.Contains("（领导代报）", Chat.Read(leaderForm));
        await leader.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(leaderForm, CardVerbs.ReportSubmit), summary: "现场督导"));
        var report = Assert.Single(await ReportsAsync(3));
        Assert.Equal((true, "市领导小组综合协调组"), (report.OnBehalf, report.Unit));
    }

    [Fact]
    public async Task Someone_not_in_the_directory_is_told_whom_to_ask_and_nothing_is_written()
    {
        var stranger = Start("u-stranger");
        var answer = Chat.Text(await stranger.SayAsync("报告任务3进展"));
        Assert.Contains("还没有登记", answer);
        Assert.Contains("生态环境局管理员（市生态环境局）", answer);
        var invoke = await stranger.ExecuteAsync(CardVerbs.ReportSubmit, Fill(new JsonObject { ["task"] = 3, ["version"] = 1, ["cardId"] = "0123456789abcdef" }));
        Assert.Contains("还没有登记", (string)Chat.InvokeResponse(invoke).Value);
        Assert.Empty(await ReportsAsync(3));
        Assert.Contains("我可以", Chat.Text(await stranger.SayAsync("帮助")));
    }

    [Fact]
    public async Task A_person_known_only_by_upn_is_found_through_the_teams_roster()
    {
        await _store.UpsertPeopleAsync([new Person(null, "newcomer@rectifybot.example", "新联络员", "市城建局", PersonRole.Official)]);
        var chat = Start("u-newcomer");
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(form, CardVerbs.ReportSubmit)));
        Assert.Equal(("市城建局", "新联络员"), (Assert.Single(await ReportsAsync(3)).Unit, (await ReportsAsync(3))[0].ReporterName));
    }

    [Fact]
    public async Task A_store_failure_never_confirms_and_keeps_the_input_for_a_retry()
    {
        var chat = Start();
        var form = Assert.Single(Chat.Cards(await chat.SayAsync("报告任务3进展")));
        var data = Fill(Chat.ActionData(form, CardVerbs.ReportSubmit), summary: "泵站完工");
        _faulty.FailWrites = true;
        var failed = Assert.Single(Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data)));
        Assert.Contains("报告没有保存", Chat.Read(failed));
        Assert.DoesNotContain("已保存", Chat.Read(failed));
        Assert.Equal("泵站完工", Chat.InputValue(failed, "summary"));
        Assert.Empty(await ReportsAsync(3));

        _faulty.FailWrites = false;
        var retried = Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(failed, CardVerbs.ReportSubmit), summary: "泵站完工")));
        Assert.Contains("已保存", Chat.Read(Assert.Single(retried)));
        Assert.Single(await ReportsAsync(3));
    }

    [Fact]
    public async Task A_store_failure_in_the_text_path_keeps_the_answers_for_a_retry()
    {
        var chat = Start();
        foreach (var answer in new[] { "报告任务3进展", "推进中", "60", "泵站完工", "无", "无", "跳过", "无" })
        {
            await chat.SayAsync(answer);
        }
        _faulty.FailWrites = true;
        Assert.Contains("报告没有保存", Chat.Text(await chat.SayAsync("确认")));
        Assert.Empty(await ReportsAsync(3));
        _faulty.FailWrites = false;
        var again = Chat.Text(await chat.SayAsync("好的吧")); // not a word the confirm step takes: it asks again, answers kept
        Assert.Contains("请回复", again);
        Assert.Contains("请确认任务 3 的进展报告", again);
        Assert.Contains("泵站完工", again);
        Assert.Empty(await ReportsAsync(3));
        Assert.Contains("已保存", Chat.Text(await chat.SayAsync("确认")));
        Assert.Equal("泵站完工", Assert.Single(await ReportsAsync(3)).Summary);
    }

    [Theory]
    [InlineData("""{"verb":"report.submit","task":3,"cardId":"0123456789abcdef","status":"InProgress","percent":"60","summary":"x","isAdmin":true}""")]
    [InlineData("""{"verb":"report.submit","task":3,"cardId":"0123456789abcdef","status":{"$type":"System.IO.FileInfo"},"summary":"x"}""")]
    [InlineData("""{"verb":"report.submit","task":3,"status":"InProgress","percent":"60","summary":"x"}""")]
    [InlineData("""{"verb":"report.delete","task":3}""")]
    [InlineData("""{"verb":"report.submit","task":"three","cardId":"0123456789abcdef","status":"InProgress","percent":"60","summary":"x"}""")]
    public async Task Malformed_card_submissions_get_a_clear_answer_and_write_nothing(string json)
    {
        var chat = Start();
        var data = JsonNode.Parse(json)!.AsObject();
        Assert.Contains("无法识别", Chat.Text(await chat.SubmitAsync(data)));
        var invoke = Chat.InvokeResponse(await chat.ExecuteAsync((string)data["verb"]!, data));
        Assert.Equal(400, invoke.StatusCode);
        Assert.Empty(await ReportsAsync(3));
    }

    [Fact]
    public async Task A_submission_for_a_task_that_is_not_in_the_store_writes_nothing()
    {
        var chat = Start();
        var data = Fill(new JsonObject { ["task"] = 99, ["version"] = 1, ["cardId"] = "0123456789abcdef" });
        Assert.Contains("任务 99 已不在任务库中，报告没有保存", Chat.Text(await chat.ExecuteAsync(CardVerbs.ReportSubmit, data)));
        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery(), PageRequest.First)).Items);
    }

    [Fact]
    public async Task A_task_that_does_not_exist_or_no_task_at_all_offers_the_users_own_tasks()
    {
        var chat = Start();
        var missing = await chat.SayAsync("报告任务12进展");
        Assert.Contains("没有找到任务 12", Chat.Text(missing));
        var picker = Chat.Read(Assert.Single(Chat.Cards(missing)));
        Assert.Contains("任务 1 ·", picker);
        Assert.Contains("任务 3 ·", picker);
        Assert.DoesNotContain("任务 2 ·", picker); // 市农业农村局's, not the water bureau's

        var none = Chat.Cards(await chat.SayAsync("我要报进展"));
        var open = Chat.Cards(await chat.ExecuteAsync(CardVerbs.ReportOpen, Chat.ActionData(Assert.Single(none), CardVerbs.ReportOpen)));
        Assert.Contains("报告进展 · 任务 1", Chat.Read(Assert.Single(open)));
    }

    [Fact]
    public async Task In_Teams_the_form_comes_alone_and_the_text_question_only_for_clients_without_cards()
    {
        var chat = Start();
        var message = Assert.Single((await chat.SayAsync("报告任务3进展")).OfType<Microsoft.Bot.Schema.IMessageActivity>());
        Assert.Null(message.Text); // nothing above the card in Teams
        Assert.Single(message.Attachments);
        Assert.Contains("请回复：1 未启动", message.Summary); // what a client without cards shows instead

        // Answering in text is still taken, question by question.
        Assert.Contains("完成比例是多少", Chat.Text(await chat.SayAsync("推进中")));
    }
}
