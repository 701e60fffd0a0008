using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using RectifyBot.Bot.Cli;
using RectifyBot.Cards;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The audit trail, checked after each kind of act turn by turn through the real handler: one entry per act (also when
/// the same act is retried), refused attempts recorded with why; the timeline card for leaders and admins in both
/// languages, refused to officials; the CSV export read back.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-audit-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private SqliteTaskStore _store = null!;

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "audit.db"), matcher, _time);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher, new AuditTrail(_store, _time)));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private Chat Start(string user = "u-water", string locale = "zh-CN")
    {
        var (adapter, bot, _) = BotKit.Create(_store, _store, _time, user, locale);
        adapter.Use(new RedeliveredIds());
        return new Chat(adapter, bot);
    }

    /// <summary>
    /// The test adapter numbers every activity anew; Teams delivers an activity again with its id. An activity carrying
    /// a <c>redelivered</c> id in its channel data gets it back here, before the bot sees it.
    /// </summary>
    private sealed class RedeliveredIds : Microsoft.Bot.Builder.IMiddleware
    {
        public Task OnTurnAsync(Microsoft.Bot.Builder.ITurnContext turnContext, Microsoft.Bot.Builder.NextDelegate next, CancellationToken cancellationToken)
        {
            if (turnContext.Activity.ChannelData is JObject { } data && (string?)data["redelivered"] is { } id)
            {
                turnContext.Activity.Id = id;
            }
            return next(cancellationToken);
        }
    }

    private Task<List<AuditEntry>> TrailAsync(int? task = null) => _store.ReadAllAuditAsync(new AuditQuery { TaskNumber = task });

    private static JsonObject Filled(JsonObject data)
    {
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = "福新泵站主体完工";
        return data;
    }

    private static Activity Invoke(string id, string verb, JsonObject data, string locale = "zh-CN") => new(ActivityTypes.Invoke)
    {
        ChannelData = new JObject { ["redelivered"] = id },
        Locale = locale,
        Name = "adaptiveCard/action",
        Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data = JObject.Parse(data.ToJsonString()) }, trigger = "manual" }),
    };

    [Fact]
    public async Task The_first_start_sample_is_on_the_trail_as_two_imports_by_the_bot_with_their_counts()
    {
        var trail = await TrailAsync();

        Assert.Equal([AuditActions.PeopleImported, AuditActions.PlanImported], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal((AuditActor.System.Id, AuditActor.System.Name, false, (int?)null), (e.ActorId, e.ActorName, e.Refused, e.TaskNumber)));
        Assert.Equal("5 people: 5 added, 0 updated, 0 unchanged; 0 rejected", trail[0].Details);
        Assert.Equal(("the bundled sample (Wuhan 2018)", "4 tasks: 4 added, 0 updated, 0 unchanged; 0 field(s) not read"), (trail[1].Subject, trail[1].Details));
    }

    [Fact]
    public async Task A_report_is_one_entry_by_its_reporter_with_its_id_even_when_pressed_twice()
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data); // pressed again

        var report = Assert.Single((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        var entry = Assert.Single(await TrailAsync(3));
        Assert.Equal((AuditActions.ReportStored, "u-water", "水务局联络员", report.Id, $"report:{report.SourceId}", false),
            (entry.Action, entry.ActorId, entry.ActorName, entry.Subject, entry.Key, entry.Refused));
        Assert.Equal("InProgress 60%, period 2019-03, unit 市水务局", entry.Details);
        Assert.Equal(_time.GetUtcNow(), entry.At);
    }

    [Fact]
    public async Task A_leaders_report_for_a_unit_is_marked_on_behalf()
    {
        var leader = Start("u-leader");
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await leader.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        await leader.ExecuteAsync(CardVerbs.ReportSubmit, data);

        var entry = Assert.Single(await TrailAsync(3));
        Assert.Equal(("u-leader", AuditActions.ReportStored), (entry.ActorId, entry.Action));
        Assert.EndsWith("on behalf of the unit", entry.Details);
    }

    [Fact]
    public async Task A_report_on_another_units_task_is_refused_on_the_trail_once_with_why_and_nothing_stored()
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        var agri = Start("u-agri");
        await agri.ExecuteAsync(CardVerbs.ReportSubmit, data); // the water bureau's form, pressed by another unit's official
        await agri.ExecuteAsync(CardVerbs.ReportSubmit, data);

        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        var entry = Assert.Single(await TrailAsync(3));
        Assert.Equal(("u-agri", AuditActions.ReportStored, true), (entry.ActorId, entry.Action, entry.Refused));
        Assert.Contains("not 市农业农村局's", entry.Details);
    }

    [Fact]
    public async Task A_forged_card_action_is_refused_on_the_trail_once_per_activity_and_runs_nothing()
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        data["reporterId"] = "u-leader"; // who-is-who smuggled into the data: not a field of the card

        await water.SendAsync(Invoke("forged-1", CardVerbs.ReportSubmit, data));
        await water.SendAsync(Invoke("forged-1", CardVerbs.ReportSubmit, data)); // delivered again
        await water.SendAsync(Invoke("forged-2", "task.delete", new JsonObject { ["task"] = 3 })); // a verb the bot has not got
        await water.SendAsync(Invoke("forged-3", CardVerbs.OverviewShow, new JsonObject { ["task"] = 3 })); // bad data, but only to read

        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        var trail = await TrailAsync(3);
        Assert.Equal([(AuditActions.ReportStored, "verb report.submit"), (AuditActions.CardAction, "verb task.delete")], trail.Select(e => (e.Action, e.Subject)));
        Assert.All(trail, e => Assert.Equal(("u-water", true), (e.ActorId, e.Refused)));
        Assert.Contains("refused card action", trail[0].Details);
    }

    [Fact]
    public async Task A_stranger_pressing_a_report_button_or_reporting_in_a_sentence_is_refused_on_the_trail()
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        var stranger = Start("u-nobody");
        await stranger.SendAsync(Invoke("s-1", CardVerbs.ReportSubmit, data));
        await stranger.SendAsync(Invoke("s-1", CardVerbs.ReportSubmit, data));

        var entry = Assert.Single(await TrailAsync(3));
        Assert.Equal(("u-nobody", AuditActions.ReportStored, true), (entry.ActorId, entry.Action, entry.Refused));
        Assert.Contains("not in the directory", entry.Details);
        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
    }

    [Fact]
    public async Task Muting_and_unmuting_reminders_are_setting_changes_and_another_units_task_is_refused()
    {
        var water = Start();
        await water.SayAsync("本月任务3不再提醒");
        await water.SayAsync("恢复任务3提醒");
        await Start("u-agri").SayAsync("本月任务3不再提醒");

        var trail = await TrailAsync(3);
        Assert.Equal([("u-water", false), ("u-water", false), ("u-agri", true)], trail.Select(e => (e.ActorId, e.Refused)));
        Assert.All(trail, e => Assert.Equal(AuditActions.SettingChanged, e.Action));
        Assert.Equal("muted this person's reminders of task 3 for 2019-03", trail[0].Details);
        Assert.Equal("unmuted this person's reminders of task 3 for 2019-03", trail[1].Details);
        Assert.Contains("not 市农业农村局's", trail[2].Details);
    }

    [Theory]
    [InlineData("u-leader", "zh-CN", "任务3的审计记录", "报送进展", "【已拒绝】")]
    [InlineData("u-admin", "en-US", "Audit trail of task 3", "Reported progress", "[Refused]")]
    public async Task A_leader_or_admin_sees_a_tasks_timeline_oldest_first_with_refusals_marked(string user, string locale, string title, string reported, string refusedMark)
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        await Start("u-agri").ExecuteAsync(CardVerbs.ReportSubmit, data); // refused first
        _time.Advance(TimeSpan.FromHours(1));
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);

        var card = Chat.Read(Assert.Single(Chat.Cards(await Start(user, locale).ExecuteAsync(CardVerbs.AuditPage, new JsonObject { ["task"] = 3, ["offset"] = 0 }))));

        Assert.Contains(title, card);
        var refused = card.IndexOf($"{refusedMark} 2019-03-20 10:00 · 农业农村局联络员", StringComparison.Ordinal);
        var stored = card.IndexOf($"2019-03-20 11:00 · 水务局联络员 · **{reported}**", StringComparison.Ordinal);
        Assert.True(refused >= 0 && stored > refused, card);
        Assert.Contains("InProgress 60%", card);
    }

    [Theory]
    [InlineData("u-leader", "zh-CN", "审计记录 任务3", "任务3的审计记录", "共 1 条")]
    [InlineData("u-admin", "en-US", "audit task 3", "Audit trail of task 3", "1 entry")]
    [InlineData("u-leader", "en-US", "audit trail", "The latest 3 audit entries", "All tasks")]
    [InlineData("u-water", "zh-CN", "审计记录 任务3", "审计记录只有领导和管理员可以查看", "我的任务")]
    [InlineData("u-water", "en-US", "audit task 3", "Only leaders and admins can read the audit trail", "my tasks")]
    public async Task Asked_in_words_the_trail_answers_leaders_and_admins_and_refuses_officials(string user, string locale, string ask, string expected, string more)
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);

        var replies = await Start(user, locale).SayAsync(ask);

        var shown = Chat.Text(replies) + string.Join("\n", Chat.Cards(replies).Select(Chat.Read));
        Assert.Contains(expected, shown);
        Assert.Contains(more, shown);
        Assert.Equal(user == "u-water", (await TrailAsync()).Any(e => e.Action == AuditActions.AuditViewed && e.Refused && e.ActorId == "u-water"));
    }

    [Theory]
    [InlineData("zh-CN", "审计记录只有领导和管理员可以查看")]
    [InlineData("en-US", "Only leaders and admins can read the audit trail")]
    public async Task An_official_is_refused_the_trail_with_why_and_the_refusal_is_itself_recorded(string locale, string why)
    {
        var replies = await Start("u-water", locale).SendAsync(Invoke("view-1", CardVerbs.AuditPage, new JsonObject { ["task"] = 3, ["offset"] = 0 }, locale));

        Assert.Contains(why, Chat.Text(replies) + string.Join("\n", Chat.Cards(replies).Select(Chat.Read)) + Chat.InvokeResponse(replies).Value);
        var entry = Assert.Single(await TrailAsync(3));
        Assert.Equal((AuditActions.AuditViewed, "u-water", true), (entry.Action, entry.ActorId, entry.Refused));
    }

    [Theory]
    [InlineData("zh-CN", "任务4还没有审计记录", "没有任务99")]
    [InlineData("en-US", "Task 4 has no audit entries yet", "There is no task 99")]
    public async Task A_task_without_entries_and_an_unknown_task_say_so(string locale, string none, string unknown)
    {
        var leader = Start("u-leader", locale);
        Assert.Contains(none, Chat.Read(Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.AuditPage, new JsonObject { ["task"] = 4, ["offset"] = 0 })))));
        var replies = await leader.ExecuteAsync(CardVerbs.AuditPage, new JsonObject { ["task"] = 99, ["offset"] = 0 });
        Assert.Contains(unknown, Chat.Text(replies) + Chat.InvokeResponse(replies).Value);
    }

    [Fact]
    public async Task A_long_history_pages_twenty_at_a_time_with_a_more_button()
    {
        for (var i = 0; i < 23; i++)
        {
            await _store.AppendAsync(_time, new AuditActor("u-water", "水务局联络员"), AuditActions.SettingChanged, 3, "reminders", $"change {i:00}");
            _time.Advance(TimeSpan.FromMinutes(1));
        }
        var leader = Start("u-leader");
        var first = Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.AuditPage, new JsonObject { ["task"] = 3, ["offset"] = 0 })));
        Assert.Contains("change 19", Chat.Read(first));
        Assert.DoesNotContain("change 20", Chat.Read(first));
        var more = Chat.ActionData(first, CardVerbs.AuditPage);
        var second = Chat.Read(Assert.Single(Chat.Cards(await leader.ExecuteAsync(CardVerbs.AuditPage, more))));
        Assert.Contains("change 20", second);
        Assert.Contains("change 22", second);
        Assert.DoesNotContain("change 19", second);
    }

    [Fact]
    public async Task The_export_writes_the_trail_as_csv_with_a_bom_that_reads_back_as_the_store_holds_it()
    {
        var water = Start();
        var data = Filled(Chat.ActionData(Assert.Single(Chat.Cards(await water.SayAsync("报告任务3进展"))), CardVerbs.ReportSubmit));
        await Start("u-agri").ExecuteAsync(CardVerbs.ReportSubmit, data);
        await water.ExecuteAsync(CardVerbs.ReportSubmit, data);
        var file = Path.Combine(_folder, "audit.csv");

        var (exit, _, _) = await CliAsync("audit", "export", "--task", "3", "--from", "2019-03-20", "--to", "2019-03-20", "-o", file);

        Assert.Equal(0, exit);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        using var reader = new CsvReader(new StreamReader(file, Encoding.UTF8), new CsvConfiguration(CultureInfo.InvariantCulture));
        reader.Context.RegisterClassMap<AuditCsv.Map>();
        var read = reader.GetRecords<AuditEntry>().ToList();
        var stored = await TrailAsync(3);
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored.Select(e => e with { Key = "" }), read.Select(e => e with { Key = "" }));
        Assert.Equal(AuditCsv.Columns, File.ReadLines(file).First().TrimStart('\uFEFF').Split(','));
        Assert.Contains("2019-03-20T02:00:00.000Z", File.ReadAllText(file));
    }

    [Fact]
    public async Task Export_days_are_china_days_and_bad_arguments_write_no_file()
    {
        // 2019-03-20 07:30 in China is 2019-03-19 23:30 UTC: the 20th's entry, not the 19th's.
        await _store.AppendAsync(new FakeTimeProvider(new DateTimeOffset(2019, 3, 19, 23, 30, 0, TimeSpan.Zero)), AuditActor.System, AuditActions.SettingChanged, 1, "x");
        var file = Path.Combine(_folder, "day.csv");
        Assert.Equal(0, (await CliAsync("audit", "export", "--from", "2019-03-20", "--to", "2019-03-20", "--task", "1", "-o", file)).Exit);
        Assert.Equal(2, File.ReadAllLines(file).Length);
        Assert.Equal(0, (await CliAsync("audit", "export", "--to", "2019-03-19", "--task", "1", "-o", file)).Exit);
        Assert.Single(File.ReadAllLines(file)); // the header only

        foreach (var bad in new[] { new[] { "--from", "2019-3-1" }, ["--from", "2019-03-21", "--to", "2019-03-20"], ["--task", "0"] })
        {
            var none = Path.Combine(_folder, "none.csv");
            var (exit, _, error) = await CliAsync(["audit", "export", .. bad, "-o", none]);
            Assert.NotEqual(0, exit);
            Assert.False(File.Exists(none));
            Assert.Matches("--from|--task", error);
        }
    }

    [Fact]
    public async Task Imports_from_the_command_line_are_the_cli_users_with_the_files_name_and_counts()
    {
        var csv = Path.Combine(_folder, "people-2019.csv");
        await File.WriteAllTextAsync(csv, "aadObjectId,upn,name,unit,role\nu-new,new@rectifybot.example,新联络员,市城建局,Official\nu-water,water@rectifybot.example,水务局联络员,市水务局,Official\n,,,,\n");

        await CliAsync("people", "import", csv);
        await CliAsync("people", "import", csv); // again: another act, recorded again

        var imports = (await TrailAsync()).Where(e => e.Action == AuditActions.PeopleImported).Skip(1).ToList(); // after the sample's
        Assert.Equal(2, imports.Count);
        Assert.All(imports, e => Assert.Equal(($"cli:{Environment.UserName}", "people-2019.csv"), (e.ActorId, e.Subject)));
        Assert.Equal("2 people: 1 added, 0 updated, 1 unchanged; 1 rejected", imports[0].Details);
        Assert.Equal("2 people: 0 added, 0 updated, 2 unchanged; 1 rejected", imports[1].Details);

        Assert.Equal(0, (await CliAsync("import", Path.Combine(AppContext.BaseDirectory, "Fixtures", "wuhan-2018-plan.txt"))).Exit);
        var plan = (await TrailAsync()).Last();
        Assert.Equal((AuditActions.PlanImported, $"cli:{Environment.UserName}", "wuhan-2018-plan.txt"), (plan.Action, plan.ActorId, plan.Subject));
        Assert.Matches(@"^\d+ tasks: 0 added, \d+ updated, \d+ unchanged; \d+ field\(s\) not read$", plan.Details);
    }

    [Fact]
    public void Every_action_has_words_in_both_languages()
    {
        var actions = typeof(AuditActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Contains(AuditActions.NoticeIssued, actions);
        foreach (var language in new[] { Language.Chinese, Language.English })
        {
            var names = actions.Select(a => RectifyBot.Cards.Lists.AuditCard.ActionName(a, language)).ToList();
            Assert.All(names.Zip(actions), p => Assert.NotEqual(p.Second, p.First)); // in words, not the code
            Assert.Equal(names.Count, names.Distinct().Count());
        }
    }

    private async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RectifyCommandLine.RunAsync([.. args, $"--Store:Sqlite:Path={_store.Path}", "--Clock:Now=2019-03-20T10:00"], output, error, new StringReader(""), bound.Token);
        return (exit, output.ToString(), error.ToString());
    }
}
