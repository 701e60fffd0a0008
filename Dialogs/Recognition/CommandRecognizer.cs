using System.Text;
using System.Text.RegularExpressions;
using RectifyBot.Tasks.Recognition;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Dialogs.Recognition;

public enum CommandKind
{
    Unknown,
    Help,
    Cancel,
    More,
    ShowTask,
    /// <summary>Report progress, on a named task or on one to pick.</summary>
    Report,
    /// <summary>Report in one sentence: <c>任务3进展：已完成60%，…</c>.</summary>
    ReportInOneSentence,
    Owed,
    MyTasks,
    Overdue,
    NotReported,
    /// <summary>An administrator's look at the reports waiting in the outbox, and those the store refused.</summary>
    Outbox,
    /// <summary>What the bot sends this person by itself, and when (提醒设置).</summary>
    ReminderSettings,
    /// <summary>No more of this month's report reminders about one task, for this person (本月任务3不再提醒).</summary>
    MuteReminders,
    /// <summary>This month's reminders about a muted task again (恢复任务3提醒).</summary>
    UnmuteReminders,
    /// <summary>This team channel is where the monthly dispatch digest is posted (leaders and admins).</summary>
    DigestChannel,
    /// <summary>A leader builds this month's dispatch digest, to preview and post (发布月度调度通报).</summary>
    PostDigest,
    /// <summary>你好, hi: a short answer with the main buttons.</summary>
    Greeting,
    /// <summary>谢谢, thanks: a short answer with the main buttons.</summary>
    Thanks,
    /// <summary>When a task is due (任务3什么时候到期), or when the monthly report is (月报什么时候截止).</summary>
    Deadline,
    /// <summary>Tasks coming due within 30 days, or the span named (哪些任务快到期了).</summary>
    DueSoon,
    /// <summary>One unit's picture: its tasks by status, overdue, this month's report (水务局的情况).</summary>
    UnitPicture,
    /// <summary>The whole plan summed up for a leader (整改进度汇总).</summary>
    Overview,
    /// <summary>A leader issues a supervision notice (督办函) on a task, with a reply deadline and a note if given (对任务3下达督办函).</summary>
    IssueNotice,
    /// <summary>The supervision notices: a leader's issued ones, an official's unit's received ones (督办函列表).</summary>
    Notices,
    /// <summary>Sign-off (销号): the tasks awaiting it, or one task's sign-off card (待销号任务, 任务3销号).</summary>
    SignOff,
    /// <summary>The quarter's filing (季度报备): this or the named quarter's cards.</summary>
    QuarterFiling,
    /// <summary>A task's audit trail, as a timeline (审计记录 任务3; leaders and admins).</summary>
    Audit,
    /// <summary>A signed-off task's public notice (整改情况公示) as a Word document (公示任务3).</summary>
    Disclose,
    /// <summary>Not sure: the likeliest meanings, to ask back which one (<see cref="Command.Alternatives"/>).</summary>
    Clarify,
}

/// <summary>What a message asks for, with what it names: a task, months, a span of days, a section, the text of a one-sentence report.</summary>
public sealed record Command(CommandKind Kind)
{
    public int? TaskNumber { get; init; }

    /// <summary>The reporting months named (本月, 上个月, Q1); null for "this month".</summary>
    public IReadOnlyList<YearMonth>? Months { get; init; }

    /// <summary>逾期超过30天: only tasks overdue by more than this.</summary>
    public int? MoreThanDays { get; init; }

    /// <summary>A section marker, e.g. (一).</summary>
    public string? Section { get; init; }

    /// <summary>The report after the colon of a one-sentence report.</summary>
    public string? ReportText { get; init; }

    /// <summary>A span of days named (30天内, next 60 days), for the due-soon list.</summary>
    public int? WithinDays { get; init; }

    /// <summary>按单位, by unit: the overdue list as a ranking of units rather than one line per task.</summary>
    public bool ByUnit { get; init; }

    /// <summary>The quarter named for a quarterly filing (2019年一季度, 上季度, Q1 2019); null: the last quarter that has ended.</summary>
    public RectifyBot.Tasks.Rules.Quarter? Quarter { get; init; }

    /// <summary>For <see cref="CommandKind.Clarify"/>: the likeliest meanings, each read with its slots, likeliest first.</summary>
    public IReadOnlyList<Command> Alternatives { get; init; } = [];

    /// <summary>How sure the intent model was of <see cref="Kind"/> (1 for forms read exactly, such as 任务3进展：…).</summary>
    public float Confidence { get; init; } = 1;

    /// <summary>The message as the person wrote it.</summary>
    public string Original { get; init; } = "";

    /// <summary>The message as read (normalized), for names of units.</summary>
    public string Text { get; init; } = "";
}

/// <summary>
/// Reads what a user asked for, in two steps. The intent comes from the trained <see cref="IntentModel"/>; when it is
/// not sure, the answer is <see cref="CommandKind.Clarify"/> with the likeliest meanings, never a guess. The slots come
/// from the precise readers: task numbers as digits or Chinese numerals (Microsoft.Recognizers.Text.Number), months and
/// quarters (Microsoft.Recognizers.Text.DateTime), spans of days, percents. Two forms are syntax rather than intent and
/// are read exactly: a bare cancel word, and a one-sentence report with a colon (任务3进展：…).
/// </summary>
public static partial class CommandRecognizer
{
    /// <summary>
    /// The bot acts on its likeliest intent when the model gives it at least this probability, or at least
    /// <see cref="LeadThreshold"/> and twice the next one's; otherwise it asks back (see the README for how these were chosen).
    /// </summary>
    public const float ConfidenceThreshold = 0.5f;

    public const float LeadThreshold = 0.3f;

    /// <summary>A meaning offered when asking back needs at least this probability.</summary>
    public const float AlternativeThreshold = 0.08f;

    private const string EnglishNumber = @"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten";
    private const string Number = @"(?<n>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8}|(?:" + EnglishNumber + @")\b(?![- ](?:hundred|thousand)))";

    /// <summary>任务3, 任务#3, 第三项, task 3, task #3, task three, 三号任务, no. 3, #3, the 3rd task.</summary>
    private const string TaskRef = @"(?:(?:task\s*(?:no\.?|number|#)?\s*|任务\s*(?:编号)?\s*[#＃]?\s*|第\s*)" + Number + @"\s*(?:项|号|条|个)?(?![页期部类天周月年季])|(?<n>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8})\s*(?:号|项)\s*任务|(?<![\w])(?:no\.?\s*|[#＃]\s*)(?<n>\d{1,5})\b|\b(?<n>\d{1,3})(?:st|nd|rd|th)\s+task)";

    [GeneratedRegex(@"^(?:cancel|quit|exit|abort|never ?mind|取消|算了|退出|不报了|不填了)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Cancel();

    /// <summary>The help words, exactly: what a stranger may ask before being found in the directory.</summary>
    [GeneratedRegex(@"^(?:help|\?|？|menu|帮助|菜单|使用说明)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex HelpWord();

    [GeneratedRegex(TaskRef, RegexOptions.IgnoreCase)]
    private static partial Regex TaskReference();

    [GeneratedRegex(@"^(?:报告|汇报|填报|上报|报送|更新)?\s*" + TaskRef + @"\s*(?:的)?\s*(?:整改)?\s*(?:进展|进度|情况|完成情况)\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ChineseOneSentence();

    [GeneratedRegex(@"^(?:(?:report\s+|update\s+)(?:progress\s+(?:for|on)\s+)?" + TaskRef + @"\s*(?:progress|update|status)?|" + TaskRef + @"\s*(?:progress|update|status))\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishOneSentence();

    /// <summary>任务3：完成60%，… — a task and a colon; a report when what follows names a percent.</summary>
    [GeneratedRegex(@"^" + TaskRef + @"\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TaskWithColon();

    /// <summary>按单位, 分单位, by unit, per unit, unit ranking: the overdue list as a ranking of units.</summary>
    [GeneratedRegex(@"按单位|分单位|按责任单位|各单位(?:的)?(?:逾期)?(?:排名|排行|情况)|单位排名|\bby (?:unit|department|bureau|agency)s?\b|\bper (?:unit|department|bureau|agency)\b|(?:unit|department|bureau|agency) (?:ranking|breakdown)|\brank(?:ed|ing)? (?:the )?(?:units|departments|bureaus|agencies)", RegexOptions.IgnoreCase)]
    private static partial Regex ByUnit();

    /// <summary>What a one-sentence report says beyond asking to report: a percent, a status word, or words of its own.</summary>
    [GeneratedRegex(@"^(?:请|麻烦|帮我|我要|我想|我来|想)?\s*(?:报告|汇报|填报|上报|报送|报|更新|提交|报一下|汇报一下|更新一下|填一下)?\s*(?:一下)?\s*(?:的)?\s*(?:整改)?\s*(?:进展|进度|情况)?\s*(?:吧|。|!|！)?$|^(?:i\s+(?:want|would like|need)\s+to\s+|let\s+me\s+|please\s+|can i\s+|pls\s+)?(?:report|update|submit|log|file|enter)?\s*(?:an?\s+)?(?:progress|update|report|status)?\s*(?:for|on|of)?\s*(?:the)?\s*(?:progress|update)?\s*[.!?]*$", RegexOptions.IgnoreCase)]
    private static partial Regex OnlyAskingToReport();

    [GeneratedRegex(@"\((?<s>[一二三四五六七八九十]{1,3})\)|第(?<s>[一二三四五六七八九十]{1,3})(?:部分|类|大类)|section\s*\(?(?<s>\d{1,2}|[一二三四五六七八九十]{1,3})\)?", RegexOptions.IgnoreCase)]
    private static partial Regex Section();

    /// <summary>
    /// Meanings never offered when asking back: nothing, small talk and control words (a message that is perhaps a greeting
    /// is answered as not understood, with examples, rather than with a question about it).
    /// </summary>
    private static readonly HashSet<string> NotOffered = [IntentCorpus.None, nameof(CommandKind.Greeting), nameof(CommandKind.Thanks), nameof(CommandKind.Cancel), nameof(CommandKind.More)];

    /// <summary>The help words, exactly (帮助, help, ?), rather than anything the model reads as asking for help.</summary>
    public static bool IsHelpWord(string? text) => HelpWord().IsMatch(Normalize(text));

    /// <summary>The kinds whose messages may name a task.</summary>
    private static readonly HashSet<CommandKind> TaskKinds =
    [
        CommandKind.ShowTask, CommandKind.Report, CommandKind.ReportInOneSentence, CommandKind.Deadline, CommandKind.MuteReminders, CommandKind.UnmuteReminders,
        CommandKind.IssueNotice, CommandKind.Notices, CommandKind.SignOff, CommandKind.Audit, CommandKind.Disclose,
    ];

    /// <summary>Reads a message with the shared model trained on the repository's corpus.</summary>
    public static Command Recognize(string? text, DateOnly today) => Recognize(text, today, IntentModel.Shared);

    public static Command Recognize(string? text, DateOnly today, IntentModel model)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return new Command(CommandKind.Unknown);
        }
        if (Cancel().IsMatch(normalized))
        {
            return new Command(CommandKind.Cancel) { Text = normalized };
        }
        if (IsHelpWord(normalized))
        {
            return new Command(CommandKind.Help) { Text = normalized };
        }
        if (ReadColonReport(text, normalized) is { } colonReport)
        {
            return colonReport;
        }

        var scores = model.Score(normalized);
        var best = scores[0];
        if (best.Score >= ConfidenceThreshold || best.Score >= LeadThreshold && best.Score >= 2 * scores[1].Score)
        {
            return Read(KindOf(best.Intent), normalized, text, today) with { Confidence = best.Score };
        }
        var alternatives = scores
            .Where(s => !NotOffered.Contains(s.Intent) && s.Score >= AlternativeThreshold)
            .Take(3)
            .Select(s => Read(KindOf(s.Intent), normalized, text, today) with { Confidence = s.Score })
            .DistinctBy(c => (c.Kind, c.TaskNumber))
            .ToList();
        return alternatives.Count == 0 || best.Intent == IntentCorpus.None && alternatives[0].Confidence < best.Score / 2
            ? new Command(CommandKind.Unknown) { Text = normalized, Confidence = best.Score }
            : new Command(CommandKind.Clarify) { Alternatives = alternatives, Text = normalized, Original = text ?? "", Confidence = best.Score };
    }

    /// <summary>
    /// The slots of a message whose intent is known (from the model, or from a choice the person made when asked back):
    /// the task, months, spans of days, a section, a one-sentence report's text.
    /// </summary>
    public static Command Read(CommandKind kind, string text, string? original, DateOnly today)
    {
        var normalized = Normalize(text);
        int? task = TaskKinds.Contains(kind) ? TaskNumberIn(normalized) : null;
        return kind switch
        {
            CommandKind.Report or CommandKind.ReportInOneSentence when task is not null && SaysProgress(normalized, original, out var report) =>
                new Command(CommandKind.ReportInOneSentence) { TaskNumber = task, ReportText = report, Text = normalized },
            CommandKind.Report or CommandKind.ReportInOneSentence => new Command(CommandKind.Report) { TaskNumber = task, Text = normalized },
            // "Show me a task" without one: the person's own tasks, to pick from.
            CommandKind.ShowTask when task is null => new Command(CommandKind.MyTasks) { Text = normalized },
            CommandKind.Owed or CommandKind.NotReported => new Command(kind) { Months = PeriodReader.Read(normalized, today), Text = normalized },
            CommandKind.Overdue => new Command(kind)
            {
                MoreThanDays = QuantityReader.ReadDays(normalized),
                Section = ReadSection(normalized),
                ByUnit = ByUnit().IsMatch(normalized),
                Text = normalized,
            },
            CommandKind.QuarterFiling => new Command(kind) { Quarter = Filing.QuarterReader.Read(normalized, today), Text = normalized },
            CommandKind.DueSoon => new Command(kind) { WithinDays = QuantityReader.ReadDaysAhead(normalized, today), Section = ReadSection(normalized), Text = normalized },
            _ => new Command(kind) { TaskNumber = task, Text = normalized },
        };
    }

    /// <summary>The command kind an intent of the corpus names; <see cref="IntentCorpus.None"/> is <see cref="CommandKind.Unknown"/>.</summary>
    public static CommandKind KindOf(string intent) =>
        intent != IntentCorpus.None && Enum.TryParse<CommandKind>(intent, out var kind) ? kind : CommandKind.Unknown;

    /// <summary>Every task a message names written the same way (任务3, 第三项, task three, #3 → 任务0): for the intent model, the task is a slot.</summary>
    public static string MaskTasks(string text) => TaskReference().Replace(text, " 任务0 ");

    /// <summary>
    /// The task a message names, if any: a task reference, else a command ending in a lone number (sign-off 29, 看下#17,
    /// audit 12) — the message's only digits, not a quarter (Q1), a percent or a date.
    /// </summary>
    public static int? TaskNumberIn(string text)
    {
        var normalized = Normalize(text);
        return TaskReference().Match(normalized) is { Success: true } reference ? NumberReader.Read(reference.Groups["n"].Value)
            : TrailingNumber().Match(normalized) is { Success: true } trailing ? int.Parse(trailing.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    [GeneratedRegex(@"^\D*\p{L}\D*?(?<![qQ])[#＃]?\s*(?<n>[1-9]\d{0,2})\s*[?？!！.。]*$")]
    private static partial Regex TrailingNumber();

    /// <summary>任务3进展：…, task 2 progress: …, 任务3：完成60%…: a report in one sentence, its text kept in the user's own characters.</summary>
    private static Command? ReadColonReport(string? text, string normalized)
    {
        var sentence = ChineseOneSentence().Match(normalized);
        if (!sentence.Success)
        {
            sentence = EnglishOneSentence().Match(normalized);
        }
        if (!sentence.Success && TaskWithColon().Match(normalized) is { Success: true } withColon && QuantityReader.ReadPercent(withColon.Groups["rest"].Value) is not null)
        {
            sentence = withColon;
        }
        if (!sentence.Success || NumberReader.Read(sentence.Groups["n"].Value) is not { } reported)
        {
            return null;
        }
        var original = (text ?? "").Trim();
        var colon = original.IndexOfAny([':', '：']);
        var report = colon >= 0 && colon + 1 < original.Length ? original[(colon + 1)..].Trim() : sentence.Groups["rest"].Value.Trim();
        return new Command(CommandKind.ReportInOneSentence) { TaskNumber = reported, ReportText = report, Text = normalized };
    }

    /// <summary>
    /// Whether a report message says the progress itself (任务3完成了百分之七十，泵站已经建好; task 3 is 75% done) rather than
    /// only asking to report (报告任务3进展; update task 4); the report is the message without the task's name.
    /// </summary>
    private static bool SaysProgress(string normalized, string? original, out string report)
    {
        var rest = WithoutTask(normalized, anywhere: true);
        report = original is not null && TaskReference().IsMatch(original.Trim()) ? WithoutTask(original.Trim(), anywhere: false) : WithoutTask(normalized, anywhere: false);
        if (rest.Length == 0 || OnlyAskingToReport().IsMatch(rest))
        {
            return false;
        }
        return QuantityReader.ReadPercent(rest) is not null || StatusReader.Find(rest) is not null || rest.Length >= 6;
    }

    /// <summary>
    /// A report message without the task's name and what joins it: to judge what else it says, wherever the name is; as the
    /// report's text, only when the name opens it (任务3完成了… → 完成了…; task 3 is 75% done → 75% done), since a name inside
    /// the sentence (we finished 50% of task 3, drains relaid) cannot be cut out without breaking it.
    /// </summary>
    private static string WithoutTask(string text, bool anywhere)
    {
        var colon = text.IndexOfAny([':', '：']);
        var opening = TaskReference().Match(text) is { Success: true } name && text[..name.Index].Trim().Length == 0;
        var rest = colon >= 0 ? text[(colon + 1)..] : opening || anywhere ? TaskReference().Replace(text, " ", 1) : text;
        return Regex.Replace(rest, @"^(?:[\s,，、。:：;；]|的(?:整改)?(?:进展|进度)?|(?:is|has been|was|are)\s)+", "", RegexOptions.IgnoreCase).Trim();
    }

    /// <summary>Full-width forms folded (NFKC), whitespace collapsed, trimmed.</summary>
    public static string Normalize(string? text) =>
        Regex.Replace((text ?? "").Normalize(NormalizationForm.FormKC), @"\s+", " ").Trim();

    /// <summary>A section named as (一), 第一部分 or section 1, as the marker the task list uses: (一).</summary>
    private static string? ReadSection(string text)
    {
        if (Section().Match(text) is not { Success: true } match)
        {
            return null;
        }
        var value = match.Groups["s"].Value;
        return NumberReader.Read(value) is { } n and > 0 and <= 30 ? $"({ChineseNumeral(n)})" : null;
    }

    private static string ChineseNumeral(int n)
    {
        const string digits = "零一二三四五六七八九";
        return n switch
        {
            < 10 => digits[n].ToString(),
            10 => "十",
            < 20 => "十" + digits[n - 10],
            _ => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString()),
        };
    }
}
