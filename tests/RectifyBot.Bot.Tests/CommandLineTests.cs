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
        var output = new StringWriter();
        var exit = await RectifyCommandLine.Build(output, new StringReader(input)).Parse([.. args, Db]).InvokeAsync();
        return (exit, output.ToString());
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
        Assert.Contains("整改时限**：2020 年底之前", (await RunAsync("任务3\n", ["chat", "--as", "u-water", "--Clock:Today=2019-03-10", .. config])).Output.Replace("整改时限：", "整改时限**："));
    }

    [Fact]
    public async Task A_graph_configuration_without_a_site_or_credentials_is_refused_at_start()
    {
        var errors = new StringWriter();
        var saved = Console.Error;
        Console.SetError(errors);
        try
        {
            var (exit, output) = await RunAsync("", "export", "--Store:Provider=Graph");
            Assert.NotEqual(0, exit);
            Assert.DoesNotContain("tasks", output);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains("Store:Graph:SiteId or Store:Graph:SiteUrl is required", errors.ToString());
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
}
