using System.Text.Json;
using RectifyBot.Bot.Cli;

namespace RectifyBot.Bot.Tests;

/// <summary>The executable's commands, run in process against a database of their own.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-cli-").FullName;

    private string Db => $"--Store:Sqlite:Path={Path.Combine(_folder, "cli.db")}";

    private async Task<(int Exit, string Output)> RunAsync(string input, params string[] args)
    {
        var (exit, output, _) = await RunWithErrorsAsync(input, args);
        return (exit, output);
    }

    private async Task<(int Exit, string Output, string Error)> RunWithErrorsAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // Bounded: a command that wrongly starts the server returns when cancelled instead of hanging the test run.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RectifyCommandLine.RunAsync([.. args, Db, "--Urls=http://127.0.0.1:0"], output, error, new StringReader(input), bound.Token);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Schedule_prints_what_would_be_sent_and_send_due_runs_one_tick_once()
    {
        Assert.Equal(0, (await RunAsync("", "demo")).Exit);
        var (exit, plan) = await RunAsync("", "schedule", "--from", "2019-03-01", "--days", "16");
        Assert.Equal(0, exit);
        Assert.Contains("2019-03-08 09:00 Reminder", plan); // the 10th is a Sunday
        Assert.Contains("2019-03-14 09:00 Reminder", plan);
        Assert.Contains("reminder to 水务局联络员 (市水务局, u-water) — has not installed the bot", plan);
        Assert.Contains("2019-03-16 10:00 Digest", plan);

        var (_, tick) = await RunAsync("", "send-due", "--Clock:Now=2019-03-08T09:05");
        Assert.Contains("Tick 2019-03-07 09:05 → 2019-03-08 09:05", tick);
        Assert.Contains("not installed: reminder to 江岸区联络员", tick);
        var (_, again) = await RunAsync("", "send-due", "--Clock:Now=2019-03-08T09:06");
        Assert.Contains("Tick 2019-03-08 09:05 → 2019-03-08 09:06: 0 due", again); // the last tick is kept: nothing twice

        var (bad, _, error) = await RunWithErrorsAsync("", "schedule", "--days", "0");
        Assert.NotEqual(0, bad);
        Assert.Contains("--days must be from 1 to 366", error);
    }

    [Fact]
    public async Task The_graph_store_is_chosen_by_configuration_alone_provisioned_once_and_filled_only_on_purpose()
    {
        await using var graph = await RectifyBot.Tasks.Tests.Graph.FakeGraphServer.StartAsync();
        string[] config = ["--Store:Provider=Graph", $"--Store:Graph:BaseUrl={graph.BaseUrl}", $"--Store:Graph:AccessToken={RectifyBot.Tasks.Tests.Graph.FakeGraphServer.Token}",
            $"--Store:Graph:SiteId={RectifyBot.Tasks.Tests.Graph.FakeGraphServer.SiteId}"];

        var (exit, first) = await RunAsync("", ["provision", .. config]);
        Assert.Equal(0, exit);
        Assert.Contains("Created lists: RectifyTasks, RectifyReports, RectifyPeople, RectifyBotState", first);
        Assert.Contains("nothing changed", (await RunAsync("", ["provision", .. config])).Output);

        // Chatting starts no seeding of the shared store; `demo` fills it on purpose.
        var (_, chat) = await RunAsync("任务3\n", ["chat", "--as", "u-water", .. config]);
        Assert.Contains("还没有登记", chat);
        Assert.Empty(graph.ListsByName["RectifyTasks"].Items);
        Assert.Equal(0, (await RunAsync("", ["demo", .. config])).Exit);
        Assert.Equal(4, graph.ListsByName["RectifyTasks"].Items.Count);
        Assert.Contains("整改时限：2020 年底之前", (await RunAsync("任务3\n", ["chat", "--as", "u-water", "--Clock:Today=2019-03-10", .. config])).Output);
    }

    [Fact]
    public async Task A_graph_site_without_the_lists_says_to_provision_in_one_line()
    {
        await using var graph = await RectifyBot.Tasks.Tests.Graph.FakeGraphServer.StartAsync();
        var (exit, output, error) = await RunWithErrorsAsync("", "export", "--Store:Provider=Graph", $"--Store:Graph:BaseUrl={graph.BaseUrl}",
            $"--Store:Graph:AccessToken={RectifyBot.Tasks.Tests.Graph.FakeGraphServer.Token}", $"--Store:Graph:SiteId={RectifyBot.Tasks.Tests.Graph.FakeGraphServer.SiteId}");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("provision", error);
        AssertOneLineWithoutStackTrace(error);
    }

    [Fact]
    public async Task A_graph_configuration_without_a_site_or_credentials_is_refused_at_start_in_one_line()
    {
        var (exit, output, error) = await RunWithErrorsAsync("", "export", "--Store:Provider=Graph");
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.Contains("Store:Graph:SiteId or Store:Graph:SiteUrl is required", error);
        AssertOneLineWithoutStackTrace(error);
    }

    private static void AssertOneLineWithoutStackTrace(string error)
    {
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("shedule")]
    [InlineData("import-plan")]
    [InlineData("-v")]
    [InlineData("--Store:Sqlite:Path")]
    public async Task An_unknown_command_word_is_an_error_naming_it_and_the_commands_and_nothing_starts(string word)
    {
        var (exit, output, error) = await RunWithErrorsAsync("", word);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"«{word}»", error);
        Assert.Contains("import", error);
        Assert.Contains("people import", error);
        Assert.False(File.Exists(Path.Combine(_folder, "cli.db"))); // no host was built: the store was never opened
    }

    [Fact]
    public async Task A_stray_word_after_a_subcommand_is_refused_too_while_key_value_configuration_is_accepted()
    {
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "wuhan-2018-plan.txt");
        var (exit, _, error) = await RunWithErrorsAsync("", "import", plan, "now");
        Assert.Equal(1, exit);
        Assert.Contains("«now»", error);
        Assert.Equal(0, (await RunWithErrorsAsync("", "import", plan, "--Clock:Today=2019-03-10")).Exit);
    }

    [Fact]
    public async Task Expected_failures_are_one_line_on_the_error_writer_and_a_non_zero_exit()
    {
        var missing = Path.Combine(_folder, "no-such-plan.txt");
        var (exit, output, error) = await RunWithErrorsAsync("", "import", missing);
        Assert.Equal(2, exit); // as for a file without a task list: nothing imported
        Assert.Equal("", output);
        Assert.Contains("File not found: " + missing, error);
        AssertOneLineWithoutStackTrace(error);

        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "wuhan-2018-plan.txt");
        (exit, _, error) = await RunWithErrorsAsync("", "import", plan, "--reference-date", "2019/03/10");
        Assert.NotEqual(0, exit);
        Assert.Contains("yyyy-MM-dd", error);
        Assert.DoesNotContain("   at ", error);

        // The database path is a folder: SQLite cannot open it.
        var output2 = new StringWriter();
        var error2 = new StringWriter();
        var exit2 = await RectifyCommandLine.RunAsync(["export", $"--Store:Sqlite:Path={_folder}"], output2, error2, new StringReader(""));
        Assert.Equal(1, exit2);
        Assert.Contains("database", error2.ToString());
        AssertOneLineWithoutStackTrace(error2.ToString());

        // Microsoft Graph on a closed port: the store cannot be reached.
        (exit, output, error) = await RunWithErrorsAsync("", "export", "--Store:Provider=Graph", "--Store:Graph:BaseUrl=http://127.0.0.1:9/v1.0",
            "--Store:Graph:AccessToken=x", "--Store:Graph:SiteId=site", "--Store:Graph:MaxRetries=0");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("could not be reached", error);
        AssertOneLineWithoutStackTrace(error);

        var csv = Path.Combine(_folder, "missing.csv");
        (exit, _, error) = await RunWithErrorsAsync("", "people", "import", csv);
        Assert.NotEqual(0, exit);
        Assert.Contains("missing.csv does not exist", error);
        AssertOneLineWithoutStackTrace(error);
    }

    [Fact]
    public async Task Import_then_export_writes_the_tasks_as_camel_case_json_with_iso_dates()
    {
        var (exit, summary) = await RunAsync("", "import", Path.Combine(AppContext.BaseDirectory, "Fixtures", "wuhan-2018-plan.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("Imported 4 tasks", summary);
        Assert.Contains("4 added, 0 updated, 0 unchanged", summary);
        Assert.Contains("The directory is empty", summary);

        var exportPath = Path.Combine(_folder, "export.json");
        Assert.Equal(0, (await RunAsync("", "export", "--output", exportPath)).Exit);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(exportPath));
        var tasks = json.RootElement.GetProperty("tasks");
        Assert.Equal(4, tasks.GetArrayLength());
        var task3 = tasks[2];
        Assert.Equal(3, task3.GetProperty("number").GetInt32());
        Assert.Equal("2020-12-31", task3.GetProperty("deadline").GetString());
        Assert.Equal("2020 年底之前", task3.GetProperty("deadlineText").GetString());
        Assert.Equal("Dated", task3.GetProperty("deadlineKind").GetString());
        Assert.Equal(7, task3.GetProperty("measures").GetArrayLength());
        Assert.Equal("NotStarted", task3.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, task3.GetProperty("lastReportAt").ValueKind);
        foreach (var name in new[] { "section", "problem", "goal", "leadUnits", "responsibleUnits", "responsiblePersons", "percentComplete" })
        {
            Assert.True(task3.TryGetProperty(name, out _), name);
        }
        Assert.Equal(0, json.RootElement.GetProperty("reports").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("people").GetArrayLength());
    }

    [Fact]
    public async Task Importing_a_file_without_a_task_list_fails_and_changes_nothing()
    {
        var notes = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(notes, "会议纪要：各单位抓好落实。");
        Assert.Equal(2, (await RunAsync("", "import", notes)).Exit);
        var (_, export) = await RunAsync("", "export");
        Assert.Equal(0, JsonDocument.Parse(export).RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task People_import_reports_added_updated_and_rejected_rows()
    {
        var csv = Path.Combine(_folder, "people.csv");
        await File.WriteAllTextAsync(csv, "aadObjectId,upn,name,unit,role\nu-1,a@city.gov.cn,甲,市水务局,Official\nu-2,,乙,,Leader\n");
        var (exit, first) = await RunAsync("", "people", "import", csv);
        Assert.Equal(1, exit);
        Assert.Contains("1 added, 0 updated, 0 unchanged, 1 rejected", first);
        Assert.Contains("rejected line 3: unit is empty", first);

        await File.WriteAllTextAsync(csv, "aadObjectId,upn,name,unit,role\nu-1,a@city.gov.cn,甲,市城建局,Official\n");
        var (exit2, second) = await RunAsync("", "people", "import", csv);
        Assert.Equal(0, exit2);
        Assert.Contains("0 added, 1 updated", second);
        Assert.Contains("甲/市水务局/Official -> 甲/市城建局/Official", second);
    }

    [Fact]
    public async Task In_the_terminal_chat_an_empty_line_is_ignored_and_exit_ends_it()
    {
        var config = $"--Store:Sqlite:Path={Path.Combine(_folder, "chat.db")}";
        await RunAsync("", "demo", config);
        var (exit, chat) = await RunAsync("\n任务3\nexit\n任务2\n", "chat", "--as", "u-water", "--Clock:Today=2019-03-10", config);
        Assert.Equal(0, exit);
        Assert.Contains("整改时限：2020 年底之前", chat); // the line after the empty one was answered
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(chat, "整改时限：")); // one task shown: nothing after exit
    }

    [Fact]
    public async Task Demo_loads_the_sample_and_chat_talks_to_it_in_the_terminal()
    {
        var (exit, demo) = await RunAsync("", "demo");
        Assert.Equal(0, exit);
        Assert.Contains("Directory: 5 added", demo);
        Assert.Contains("Imported 4 tasks", demo);
        Assert.Contains("市委办公厅", demo); // a unit nobody in the demo directory belongs to is reported

        var (chatExit, chat) = await RunAsync("task 2\n\n", "chat", "--as", "u-agri", "--locale", "en-US", "--Clock:Today=2019-03-10");
        Assert.Equal(0, chatExit);
        Assert.Contains("Hello, 农业农村局联络员!", chat);
        Assert.Contains("Task 2", chat);
        Assert.Contains("(2020-12-31, 662 days left)", chat);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task Nlu_eval_measures_the_model_on_anyones_own_phrasings()
    {
        var file = Path.Combine(_folder, "mine.tsv");
        await File.WriteAllTextAsync(file, "# our office's phrasings\n任务8现在进展到哪一步了\tShowTask\t8\n哪几个单位这个月还没交\tNotReported\t\nwhat's overdue right now\tOverdue\n任务8什么时候到期\tDeadline\t8\n");
        var (exit, output) = await RunAsync("", "nlu", "eval", file);
        Assert.Equal(0, exit);
        Assert.Contains("4 messages: intent right", output);
        Assert.Contains("Task numbers: 2 of 2 read", output);
        Assert.Matches(@"ShowTask\s+1\s", output);
        Assert.Contains("Confusion (rows: as labelled", output);
    }

    [Fact]
    public async Task Nlu_eval_refuses_a_file_it_cannot_read_with_the_line_and_an_intent_it_does_not_know_with_the_list()
    {
        var file = Path.Combine(_folder, "bad.tsv");
        await File.WriteAllTextAsync(file, "你好\tGreeting\n只有一列\n");
        var (exit, _, error) = await RunWithErrorsAsync("", "nlu", "eval", file);
        Assert.Equal((1, true), (exit, error.Contains("bad.tsv, line 2")));

        await File.WriteAllTextAsync(file, "你好\tHello\n");
        (exit, _, error) = await RunWithErrorsAsync("", "nlu", "eval", file);
        Assert.Equal(1, exit);
        Assert.Contains("does not know: Hello", error);
        Assert.Contains("Greeting", error);
    }
}
