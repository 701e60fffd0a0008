using System.Globalization;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Lists;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Units;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Filing;

/// <summary>One unit's quarter on the leaders' filing card: its tasks, the reports it missed (and in which months), overdue, done.</summary>
public sealed record FilingUnitRow(string Unit, int Tasks, IReadOnlyList<YearMonth> MonthsMissing, int ReportsMissing, int Overdue, int Finished, int SignedOff)
{
    /// <summary>The unit's row from the filing's lines of its tasks.</summary>
    public static FilingUnitRow Of(string unit, IReadOnlyList<QuarterTaskLine> lines) => new(
        unit,
        lines.Count,
        [.. lines.SelectMany(l => l.MonthsMissing).Distinct().Order()],
        lines.Sum(l => l.MonthsMissing.Count),
        lines.Count(l => l.Overdue),
        lines.Count(l => RectificationRules.IsFinished(l.Standing.Then)),
        lines.Count(l => l.Standing.Status == RectificationStatus.SignedOff));
}

/// <summary>
/// The quarterly filing (季度报备) as cards, from a <see cref="QuarterReport"/>: a unit's card for its people (each of its
/// tasks as it stood at the quarter's end, the quarter's three months ✓ filed / ✗ missing / – not owed, overdue marked,
/// and its totals) and the leaders' overall card (the plan's totals and a row per unit, units missing a month first, with
/// the button that sends the workbook). A province plan's hundreds of tasks or units are not all listed: the cards show
/// the <see cref="TaskLimit"/> tasks or <see cref="UnitLimit"/> units most in need of attention and count the rest, which
/// the workbook lists in full; either card stays well under Teams' 28 KB.
/// </summary>
public static class FilingCards
{
    /// <summary>Task lines shown on a unit's card: overdue ones first, then those missing a month, then by number.</summary>
    public const int TaskLimit = 40;

    /// <summary>Unit rows shown on the leaders' card: units missing a month first, then overdue.</summary>
    public const int UnitLimit = 30;

    /// <summary>Problem text shown per task line.</summary>
    public const int ProblemChars = 40;

    /// <summary>The quarter's name: 2019年第一季度, Q1 2019.</summary>
    public static string QuarterName(Quarter quarter, Language language) => Localizer.Get(language, $"filing.quarter.{quarter.Number}", quarter.Year);

    /// <summary>A month's short name: 1月, Jan.</summary>
    public static string MonthName(YearMonth month, Language language) =>
        language == Language.Chinese ? $"{month.Month}月" : CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month.Month);

    /// <summary>A unit's card: its tasks in the quarter and its totals.</summary>
    public static JsonObject UnitCard(QuarterReport report, string unit, UnitMatcher matcher, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var lines = report.LinesOf(unit, matcher);
        var row = FilingUnitRow.Of(unit, lines);
        var body = Heading(report, T("filing.unitTitle", QuarterName(report.Quarter, language), UnitText.Show(unit)), language);
        if (lines.Count == 0)
        {
            body.Add(Text(T("filing.noTasks")));
            return Card(body);
        }
        var facts = new List<(string, string)>
        {
            (T("filing.tasks"), lines.Count.ToString(CultureInfo.InvariantCulture)),
            (T("filing.finished"), T("filing.finishedValue", row.Finished, row.SignedOff)),
            (T("filing.overdue"), row.Overdue.ToString(CultureInfo.InvariantCulture)),
            (T("filing.missing"), row.ReportsMissing == 0 ? T("filing.noneMissing") : T("filing.missingValue", row.ReportsMissing, Months(row.MonthsMissing, language))),
        };
        body.Add(Facts(facts));
        AddNotices(report, body, language);

        var ordered = lines.OrderByDescending(l => l.Overdue).ThenByDescending(l => l.MonthsMissing.Count > 0).ThenBy(l => l.Task.Number).ToList();
        var shown = ordered.Take(TaskLimit).ToList();
        body.Add(Text(T("filing.taskHeading", string.Join(" ", report.Quarter.Months.Select(m => MonthName(m, language)))), TextStyle.Heading, separator: true));
        foreach (var line in shown)
        {
            var colour = line.Overdue ? SupervisionColour.Red : line.MonthsMissing.Count > 0 ? SupervisionColour.Yellow : SupervisionColour.None;
            var mark = colour == SupervisionColour.None ? "" : T($"colour.{colour}") + " ";
            var state = T($"status.{line.Standing.Status}") + $" {line.Standing.PercentComplete}%" + (line.Overdue ? " · " + T("filing.overdueMark") : "");
            body.Add(Container(
            [
                Text(mark + T("task.title", line.Task.Number) + " " + Plain(Clip(line.Task.Problem, ProblemChars))),
                Text(state + " · " + string.Join(" ", report.Quarter.Months.Select(m => MonthName(m, language) + MarkText(line.MarkOf(m)))), TextStyle.Subtle),
            ], TaskLine.StyleOf(colour)));
        }
        if (ordered.Count > shown.Count)
        {
            body.Add(Text(T("filing.moreTasks", ordered.Count - shown.Count), TextStyle.Subtle));
        }
        body.Add(Text(T("filing.legend"), TextStyle.Subtle, separator: true));
        return Card(body);
    }

    /// <summary>The leaders' card: the plan's totals and each unit's quarter, with the button that sends the workbook.</summary>
    public static JsonObject OverallCard(QuarterReport report, UnitMatcher matcher, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = Heading(report, T("filing.overallTitle", QuarterName(report.Quarter, language)), language);
        var download = Execute(T("filing.download"), CardVerbs.QuarterWorkbook, new JsonObject { ["quarter"] = report.Quarter.ToString() }, primary: true);
        if (report.Tasks.Count == 0)
        {
            body.Add(Text(T("noTasks")));
            return Card(body);
        }
        var facts = new List<(string, string)> { (T("filing.tasks"), report.Tasks.Count.ToString(CultureInfo.InvariantCulture)) };
        facts.AddRange(Enum.GetValues<RectificationStatus>().Select(s => (T($"status.{s}"), report.CountWithStatus(s).ToString(CultureInfo.InvariantCulture))));
        facts.Add((T("filing.finished"), T("filing.finishedValue", report.Finished, report.SignedOffCount)));
        facts.Add((T("filing.overdue"), report.Overdue.ToString(CultureInfo.InvariantCulture)));
        facts.Add((T("filing.reports"), report.Reports.Count.ToString(CultureInfo.InvariantCulture)));
        var rows = UnitRows(report, matcher);
        // The units below are the directory's; the plan may name units nobody in the directory answers for, which the
        // workbook counts as missing too: said apart, so the count matches the rows shown.
        var missingRows = rows.Count(r => r.ReportsMissing > 0);
        facts.Add((T("filing.unitsMissing"), missingRows.ToString(CultureInfo.InvariantCulture)));
        var unanswered = report.UnitsMissingAMonth.Count(u => !report.DirectoryUnits.Any(d => matcher.Covers(d, u) || matcher.Covers(u, d)));
        if (unanswered > 0)
        {
            facts.Add((T("filing.unitsWithoutPeople"), unanswered.ToString(CultureInfo.InvariantCulture)));
        }
        body.Add(Facts(facts));
        AddNotices(report, body, language);

        if (rows.Count > 0)
        {
            body.Add(Text(T("filing.unitHeading", Math.Min(UnitLimit, rows.Count), rows.Count), TextStyle.Heading, separator: true));
        }
        foreach (var row in rows.Take(UnitLimit))
        {
            var colour = row.ReportsMissing > 0 ? SupervisionColour.Yellow : row.Overdue > 0 ? SupervisionColour.Red : SupervisionColour.None;
            var mark = colour == SupervisionColour.None ? "" : T($"colour.{colour}") + " ";
            var missing = row.ReportsMissing == 0 ? T("filing.noneMissing") : T("filing.missingValue", row.ReportsMissing, Months(row.MonthsMissing, language));
            body.Add(Container(
            [
                Text(mark + UnitText.Show(row.Unit), TextStyle.Heading),
                Text(T("filing.unitLine", row.Tasks, missing, row.Overdue, row.Finished, row.SignedOff), TextStyle.Subtle),
            ], TaskLine.StyleOf(colour)));
        }
        if (rows.Count > UnitLimit)
        {
            body.Add(Text(T("filing.moreUnits", rows.Count - UnitLimit), TextStyle.Subtle));
        }
        return Card(body, [download]);
    }

    /// <summary>What the card says in one line, for notifications and clients that show no cards.</summary>
    public static string UnitSummary(QuarterReport report, string unit, UnitMatcher matcher, Language language)
    {
        var row = FilingUnitRow.Of(unit, report.LinesOf(unit, matcher));
        return Localizer.Get(language, "filing.unitSummary", QuarterName(report.Quarter, language), UnitText.ShowInMessage(unit), row.Tasks, row.ReportsMissing, row.Overdue);
    }

    public static string OverallSummary(QuarterReport report, UnitMatcher matcher, Language language) =>
        Localizer.Get(language, "filing.overallSummary", QuarterName(report.Quarter, language), report.Tasks.Count, UnitRows(report, matcher).Count(r => r.ReportsMissing > 0), report.Overdue);

    /// <summary>The directory's units with tasks, those missing a month first.</summary>
    private static List<FilingUnitRow> UnitRows(QuarterReport report, UnitMatcher matcher) =>
        [.. report.DirectoryUnits.Select(u => FilingUnitRow.Of(u, report.LinesOf(u, matcher))).Where(r => r.Tasks > 0)
            .OrderByDescending(r => r.ReportsMissing > 0).ThenByDescending(r => r.ReportsMissing).ThenByDescending(r => r.Overdue).ThenBy(r => r.Unit, StringComparer.Ordinal)];

    private static List<JsonNode?> Heading(QuarterReport report, string title, Language language) =>
    [
        Text(title, TextStyle.Title),
        Text(Localizer.Get(language, report.ToDate ? "filing.toDate" : "filing.asOf", report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), TextStyle.Subtle),
    ];

    /// <summary>The notices' row, only when the report counts them (see <see cref="QuarterReport.NoticesCounted"/>).</summary>
    private static void AddNotices(QuarterReport report, List<JsonNode?> body, Language language)
    {
        if (report.NoticesCounted)
        {
            body.Add(Facts([(Localizer.Get(language, "filing.notices"), Localizer.Get(language, "filing.noticesValue", report.Notices.Count, report.NoticesAnswered))]));
        }
    }

    private static string Months(IReadOnlyList<YearMonth> months, Language language) =>
        string.Join(language == Language.Chinese ? "、" : ", ", months.Select(m => MonthName(m, language)));

    private static string MarkText(MonthMark mark) => mark switch
    {
        MonthMark.Filed => "✓",
        MonthMark.Missing => "✗",
        _ => "–",
    };
}
