using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Tasks.Tests;

/// <summary>A fresh SQLite store in a temporary folder, deleted afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(UnitMatcher? matcher = null)
    {
        Folder = Directory.CreateTempSubdirectory("rectifybot-test-").FullName;
        Matcher = matcher ?? new UnitMatcher(new Dictionary<string, IReadOnlyList<string>> { ["新城区"] = ["蔡甸区", "江夏区", "黄陂区", "新洲区"] });
        Store = new SqliteTaskStore(Path.Combine(Folder, "store.db"), Matcher);
        Importer = new PlanImporter(Store, new TaskListParser(Shared.Deadlines), Matcher);
    }

    public string Folder { get; }
    public UnitMatcher Matcher { get; }
    public SqliteTaskStore Store { get; }
    public PlanImporter Importer { get; }

    public SqliteTaskStore Reopen() => new(Store.Path, Matcher);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Shared
{
    public static readonly DeadlineReader Deadlines = new();
    public static readonly TaskListParser Parser = new(Deadlines);
    public static readonly DateOnly PlanDate = new(2018, 11, 1);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static ParsedPlan ParseText(string text) => Parser.Parse(TextPlanReader.Read(text), PlanDate);
}

/// <summary>Test data: a task with sensible defaults, changed with <c>with</c>.</summary>
public static class Build
{
    public static RectificationTask Task(int number, string deadline = "2019-06-30", string responsible = "市水务局", string lead = "") => new()
    {
        Number = number,
        Category = "问题类",
        Section = "(一)测试",
        Problem = $"问题 {number}",
        Goal = $"目标 {number}",
        Measures = [$"措施 {number}.1", $"措施 {number}.2"],
        Deadline = new Deadline(DateOnly.Parse(deadline), deadline, DeadlineKind.Dated),
        LeadUnits = UnitListParser.Parse(lead),
        ResponsibleUnits = UnitListParser.Parse(responsible),
        ResponsiblePersons = "主要负责人",
    };

    public static ProgressReport Report(int task, string source, int percent = 50, string unit = "市水务局", DateTimeOffset? at = null, RectificationStatus status = RectificationStatus.InProgress) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        TaskNumber = task,
        Unit = unit,
        ReporterId = "u-water",
        ReporterName = "水务局联络员",
        ReportedAt = at ?? new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero),
        Period = "2019-03",
        Status = status,
        PercentComplete = percent,
        Summary = "福新泵站主体完工",
        NextSteps = "管网接驳",
        Evidence = ["https://example.org/photo.jpg"],
        SourceId = source,
    };
}
