using RectifyBot.Cards;
using RectifyBot.Cards.Filing;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The filing cards of a province-sized plan (300 tasks over 60 units, long problems): under Teams' 28 KB, the tasks or
/// units most in need listed first and the rest counted; the notices' row only when the report counts notices.
/// </summary>
public sealed class FilingCardTests
{
    private const int TeamsLimit = 28 * 1024;
    private static readonly Quarter Q1 = new(2019, 1);
    private static readonly UnitMatcher Matcher = new();

    private static string UnitOf(int number) => $"省{number % 60:D2}厅（局）" + new string('署', 40);

    private static RectificationTask Task(int number) => new()
    {
        Number = number,
        Problem = string.Concat(Enumerable.Repeat($"第{number}项问题：部分区域污水收集管网建设滞后，雨污混流严重。", 10)),
        Deadline = new Deadline(number % 120 > 60 ? new DateOnly(2019, 3, 1) : new DateOnly(2020, 12, 31), "期限", DeadlineKind.Dated),
        LeadUnits = new UnitList(UnitOf(number), [UnitOf(number)]),
        ResponsibleUnits = new UnitList("省0厅（局）", ["省0厅（局）"]), // one unit answers for every task
        Status = number % 10 == 0 ? RectificationStatus.SignedOff : RectificationStatus.InProgress,
        PercentComplete = number % 10 == 0 ? 100 : 50,
    };

    private static ProgressReport Filed(int task, int month) => new()
    {
        Id = $"r{task}-{month}", TaskNumber = task, Unit = UnitOf(task), ReporterId = "u", ReporterName = "联络员", ReportedAt = new DateTimeOffset(2019, month, 10, 2, 0, 0, TimeSpan.Zero),
        Period = $"2019-{month:D2}", Status = RectificationStatus.InProgress, PercentComplete = 50, Summary = "推进中", SourceId = $"s{task}-{month}",
    };

    private static QuarterReport Province()
    {
        var tasks = Enumerable.Range(1, 300).Select(Task).ToList();
        // Every task filed January; even tasks February too; March by none: all open tasks miss a month.
        var reports = tasks.Select(t => Filed(t.Number, 1)).Concat(tasks.Where(t => t.Number % 2 == 0).Select(t => Filed(t.Number, 2))).ToList();
        var units = Enumerable.Range(0, 60).Select(UnitOf).Append("省0厅（局）").ToList();
        return QuarterReport.Build(Q1, Q1.LastDay, tasks, reports, units, Matcher);
    }

    [Theory]
    [InlineData(Language.Chinese)]
    [InlineData(Language.English)]
    public void A_province_plans_cards_stay_under_the_teams_limit_and_count_what_they_do_not_list(Language language)
    {
        var report = Province();
        var unit = FilingCards.UnitCard(report, "省0厅（局）", Matcher, language);
        Assert.True(AdaptiveCard.SizeOf(unit) < TeamsLimit, $"{AdaptiveCard.SizeOf(unit)} bytes");
        var text = Chat.Read(unit);
        Assert.Contains(Localizer.Get(language, "filing.moreTasks", 300 - FilingCards.TaskLimit), text);

        var overall = FilingCards.OverallCard(report, Matcher, language);
        Assert.True(AdaptiveCard.SizeOf(overall) < TeamsLimit, $"{AdaptiveCard.SizeOf(overall)} bytes");
        Assert.Contains(Localizer.Get(language, "filing.moreUnits", 61 - FilingCards.UnitLimit), Chat.Read(overall));
    }

    [Fact]
    public void A_units_card_lists_overdue_and_missing_tasks_first_with_each_months_mark()
    {
        var report = Province();
        var text = Chat.Read(FilingCards.UnitCard(report, UnitOf(7), Matcher, Language.Chinese));
        var lines = text.Split('\n');
        // Unit 07 leads tasks 7, 67, 127, 187, 247; 67 and 187 are overdue (due 1 March), listed first; all miss February and March.
        var order = lines.Where(l => l.StartsWith("🔴 任务") || l.StartsWith("🟡 任务") || l.StartsWith("任务")).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(["67", "187", "7", "127", "247"], order);
        Assert.Contains("推进中 50% · 已逾期 · 1月✓ 2月✗ 3月✗", text); // tasks 67 and 187
        Assert.Contains("推进中 50% · 1月✓ 2月✗ 3月✗", text); // the others
        Assert.Contains("季末逾期: 2", text);
        Assert.Contains("缺报月报: 10 项次（2月、3月）", text);
    }

    [Fact]
    public void The_leaders_card_puts_units_missing_months_first_and_shows_notices_only_when_counted()
    {
        var report = Province();
        var text = Chat.Read(FilingCards.OverallCard(report, Matcher, Language.Chinese));
        Assert.Contains("已完成（含已销号）: 30 项（其中已销号 30 项）", text);
        Assert.DoesNotContain("督办函", text);
        var first = text.Split('\n').SkipWhile(l => !l.StartsWith("各单位")).Skip(1).First();
        Assert.StartsWith("🟡 省0厅（局）", first); // it answers for all 300 tasks: the most reports missing
        var notices = Enumerable.Range(1, 5).Select(i => new SupervisionNotice
        {
            Id = $"n{i}", Year = 2019, Number = i, SourceId = $"s{i}", TaskNumber = i, Units = ["省0厅（局）"], Reason = "逾期", ReplyBy = new DateOnly(2019, 3, 20),
            IssuerId = "u-leader", IssuerName = "组长", IssuedAt = new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero),
            Recipients = [new NoticeRecipient("u-0", "联络员", "省0厅（局）") { AnsweredAt = i <= 3 ? new DateTimeOffset(2019, 3, 12, 2, 0, 0, TimeSpan.Zero) : null }],
        }).ToList();
        var counted = Chat.Read(FilingCards.OverallCard(report with { Notices = notices, NoticesCounted = true }, Matcher, Language.Chinese));
        Assert.Contains("督办函（下发/已回复）: 5 件 / 3 件", counted);
    }

    [Fact]
    public void The_leaders_count_of_units_missing_a_month_is_the_directorys_and_plan_units_with_nobody_are_said_apart()
    {
        // Two plan units filed nothing; only 市水务局 has people in the directory.
        var tasks = new[]
        {
            Task(1) with { LeadUnits = new UnitList("市水务局", ["市水务局"]), ResponsibleUnits = UnitList.Empty },
            Task(2) with { LeadUnits = new UnitList("江岸区党委", ["江岸区党委"]), ResponsibleUnits = UnitList.Empty },
        };
        var report = QuarterReport.Build(Q1, Q1.LastDay, tasks, [], ["市水务局"], Matcher);

        var text = Chat.Read(FilingCards.OverallCard(report, Matcher, Language.Chinese));

        Assert.Equal(2, report.UnitsMissingAMonth.Count); // the workbook counts both
        Assert.Contains("有月份未报的单位: 1", text);
        Assert.Contains("计划中的单位无人在通讯录（未计入上行，见报备表）: 1", text);
        Assert.Contains("有月份未报的单位 1 个", FilingCards.OverallSummary(report, Matcher, Language.Chinese));
    }
}
