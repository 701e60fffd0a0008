using System.Text;
using BenchmarkDotNet.Attributes;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Benchmarks;

/// <summary>
/// Importing a 300-task list after start-up (recognizer models built, database open): parsing the text alone, and the
/// whole import (parse, deadlines, units, one SQLite transaction) into an empty store and again over the same tasks.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class ImportBenchmarks
{
    private readonly TaskListParser _parser = new(new DeadlineReader());
    private readonly UnitMatcher _matcher = new();
    private readonly DateOnly _reference = new(2018, 11, 1);
    private PlanDocument _document = null!;
    private string _folder = null!;
    private int _run;

    [Params(300)]
    public int Tasks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _document = TextPlanReader.Read(PlanText(Tasks));
        _folder = Directory.CreateTempSubdirectory("rectifybot-bench-").FullName;
        if (_parser.Parse(_document, _reference).Tasks.Count != Tasks)
        {
            throw new InvalidOperationException("The generated plan does not parse to the expected task count.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    [Benchmark]
    public int Parse() => _parser.Parse(_document, _reference).Tasks.Count;

    [Benchmark]
    public async Task<int> ImportIntoEmptyStore()
    {
        var store = new SqliteTaskStore(Path.Combine(_folder, $"empty-{_run++}.db"), _matcher);
        var summary = await new PlanImporter(store, _parser, _matcher).ImportAsync(_document, "bench", _reference);
        return summary.Outcome.Added.Count;
    }

    /// <summary>
    /// A Wuhan-style list: sections, problems, goals, three numbered measures, loose units, and a spaced deadline that
    /// differs in every task (the worst case: real lists repeat a few deadline texts, which are read once).
    /// </summary>
    public static string PlanText(int tasks)
    {
        var sb = new StringBuilder("某市环境保护督察反馈意见整改任务清单\n一、问题类\n");
        for (var n = 1; n <= tasks; n++)
        {
            if (n % 25 == 1)
            {
                sb.Append($"（{Chinese(n / 25 + 1)}）第{n / 25 + 1}方面的问题\n");
            }
            sb.Append($"{n}.部分区域第{n}项环境问题整改不到位，群众反映强烈。整改目标：到期全面完成第{n}项问题整改，环境质量明显改善。");
            sb.Append($"整改措施:(1)开展第{n}项问题专项排查，建立台账。(2)制定整改方案，明确时限。(3)加强督查督办，逐项销号。");
            sb.Append($"整改时限:{2019 + n % 3} 年 {n % 12 + 1} 月 {n % 28 + 1} 日之前牵头单位:市生态环境局责任单位:市水务局、市城建局，江岸、硚口、青山区党委、政府责任人:各单位主要负责人\n");
        }
        return sb.ToString();
    }

    private static string Chinese(int n) => n switch
    {
        <= 10 => "零一二三四五六七八九十"[n].ToString(),
        < 20 => "十" + "零一二三四五六七八九"[n - 10],
        _ => "零一二三四五六七八九"[n / 10] + "十" + (n % 10 == 0 ? "" : "零一二三四五六七八九"[n % 10].ToString()),
    };
}
