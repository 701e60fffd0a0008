using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Tasks.Disclosure;

/// <summary>
/// The words of the public notice, kept apart from its layout (<see cref="DisclosureDocument"/>). A notice is published
/// in Chinese only, in the register of a city's 公示: 关于…整改情况的公示, numbered sections 一、…七、, dates 2019年3月20日.
/// </summary>
public static class DisclosureWords
{
    public static readonly IReadOnlyList<string> Headings =
        ["一、反馈问题", "二、整改目标", "三、整改措施", "四、整改完成情况", "五、责任单位", "六、公示期", "七、意见反馈"];

    /// <summary>关于环境保护督察反馈问题第3项整改情况的公示.</summary>
    public static string Title(DisclosureNotice n) => $"关于{n.Inspection}反馈问题第{n.TaskNumber}项整改情况的公示";

    public static string Opening(DisclosureNotice n) =>
        $"按照{n.Inspection}反馈意见整改工作信息公开的要求，现将反馈问题第{n.TaskNumber}项的整改情况予以公示，接受社会监督。";

    public static string Deadline(DisclosureNotice n) => $"整改时限：{n.DeadlineText}";

    public const string NoGoal = "整改方案未单列整改目标。";
    public const string NoMeasures = "整改方案未单列整改措施。";

    /// <summary>（1）…: the plan's own numbering style for measures.</summary>
    public static string Measure(int number, string text) => $"（{number}）{text}";

    /// <summary>The task has no report yet: it is under way, and nothing is claimed about its progress.</summary>
    public const string NotYetReported = "该项整改工作正在推进中，责任单位尚未报送整改进展情况，整改完成后将另行公示。";

    public static string Standing(DisclosureProgress p) =>
        $"截至{Date(p.AsOf)}，该项整改任务{Status(p.Status)}，整改完成比例为{p.PercentComplete}%。";

    public static string CompletedOn(DateOnly date) => $"整改完成时间：{Date(date)}。";

    public static string Latest(DisclosureProgress p) => $"最新进展：{p.LatestSummary}";

    public const string HistoryLead = "整改推进情况：";

    public static string Entry(DisclosureEntry e) => $"{Period(e.Period)}（{e.Unit}）：{e.Summary}";

    public static string Status(RectificationStatus status) => status switch
    {
        RectificationStatus.NotStarted => "尚未启动",
        RectificationStatus.InProgress => "正在推进",
        RectificationStatus.Lagging => "进度滞后",
        RectificationStatus.Completed => "已完成整改",
        RectificationStatus.SignedOff => "已完成整改并销号",
        _ => "正在推进",
    };

    public static string Lead(string units) => $"牵头单位：{units}";
    public static string Responsible(string units) => $"责任单位：{units}";
    public const string NoUnits = "整改方案未列明责任单位。";

    public static string Period(DisclosureNotice n) =>
        $"公示时间为{Date(n.From)}至{Date(n.To)}（共{n.To.DayNumber - n.From.DayNumber + 1}天）。";

    public static string Feedback(DisclosureNotice n) =>
        $"公示期间，如对上述整改情况有意见或建议，请以书面形式向{n.Office}反映。";

    /// <summary>2019年3月20日.</summary>
    public static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>2019-03 → 2019年3月; anything else as written.</summary>
    public static string Period(string period) =>
        YearMonth.TryParse(period, out var month) ? $"{month.Year}年{month.Month}月" : period;
}
