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

    /// <summary>The message as read (normalized), for names of units.</summary>
    public string Text { get; init; } = "";
}

/// <summary>
/// Reads what a user asked for, in Chinese or English, from the words people use: numbers as digits or Chinese numerals
/// (Microsoft.Recognizers.Text.Number), months and quarters (Microsoft.Recognizers.Text.DateTime), spans of days.
/// </summary>
public static partial class CommandRecognizer
{
    private const string EnglishNumber = @"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten";
    private const string Number = @"(?<n>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8}|(?:" + EnglishNumber + @")\b)";

    /// <summary>任务3, 第三项, task 3, task three, 三号任务.</summary>
    private const string TaskRef = @"(?:(?:task\s*(?:no\.?|number|#)?\s*|任务\s*(?:编号)?\s*|第\s*)" + Number + @"\s*(?:项|号|条|个)?|(?<n>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8})\s*(?:号|项)\s*任务)";

    [GeneratedRegex(@"^(?:help|\?|menu|帮助|菜单|使用说明|怎么用|你能做什么|能做什么|what can you do|commands?)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Help();

    [GeneratedRegex(@"^(?:cancel|stop|quit|exit|abort|never ?mind|取消|算了|退出|不报了|不填了|停止|结束)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Cancel();

    [GeneratedRegex(@"^(?:(?:show\s+)?more|next(?:\s+page)?|更多|下一页|显示更多|还有呢)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex More();

    [GeneratedRegex(@"^(?:查看|看看|看一下)?\s*(?:待发队列|发送队列|待发报告|待写入的?报告|失败的?报告|写入失败的?报告|(?:show\s+)?(?:the\s+)?outbox|queued reports?|failed reports?)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Outbox();

    [GeneratedRegex(@"^(?:查看|看看|看一下)?\s*(?:我的)?\s*(?:提醒设置|提醒安排|提醒时间|什么时候提醒(?:我)?|会提醒我什么|(?:my\s+)?reminder\s+settings|(?:my\s+)?reminders|when (?:do|will) you remind me)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ReminderSettings();

    /// <summary>
    /// 本月任务3不再提醒, 任务3本月不用提醒了, 这个月别再提醒任务三, mute task 3 this month, stop reminding me about task 3 —
    /// said with a task (<see cref="TaskRef"/>) and no colon (a report says 任务3进展：…).
    /// </summary>
    [GeneratedRegex(@"(?:不再|不用再?|不要再?|别再?|无需再?|不必再?|停止|暂停|先别|关闭|关掉)\s*(?:给我|向我|对我)?\s*(?:发(?:送)?)?\s*(?:任务\s*\S{1,6}\s*(?:的)?)?\s*提醒|提醒\s*(?:先)?\s*(?:停|关)(?:掉|了|一下)?|免提醒|免打扰|\bmute\b|\bsilence\b|stop (?:sending )?(?:me )?remind(?:ing|ers?)?|no (?:more )?reminders?|don'?t remind|do not remind", RegexOptions.IgnoreCase)]
    private static partial Regex MuteReminders();

    /// <summary>恢复任务3提醒, 任务3恢复提醒, 重新提醒任务3, unmute task 3, resume reminders for task 3.</summary>
    [GeneratedRegex(@"恢复\s*\S{0,12}\s*提醒|重新\s*(?:开始)?\s*提醒|继续\s*提醒|\bunmute\b|resume (?:the )?remind(?:ers?|ing)|remind me again|turn (?:the )?reminders? (?:back )?on", RegexOptions.IgnoreCase)]
    private static partial Regex UnmuteReminders();

    [GeneratedRegex(@"^(?:请)?(?:在此频道|在这个频道|在本频道)(?:发布|发)(?:月度)?(?:调度)?通报|^(?:把|将)?(?:这个|本|此)频道设为(?:月度)?(?:调度)?通报频道|^(?:post|publish) the (?:monthly )?digest (?:here|in this channel)|^use this channel for the (?:monthly )?digest", RegexOptions.IgnoreCase)]
    private static partial Regex DigestChannel();

    [GeneratedRegex(@"^(?:请)?(?:帮我)?(?:发布|发|生成|出|预览|看看|查看)?(?:一下)?(?:本月|这个月|本期|上月|月度)?(?:的)?(?:月度)?调度(?:会)?通报[!！?？。.]*$|^(?:please\s+)?(?:post|publish|send|preview|show|draft|prepare)\s+(?:me\s+)?(?:the\s+|this\s+month'?s\s+)?(?:monthly\s+)?(?:dispatch\s+)?digest[!?.]*$|^monthly (?:dispatch )?digest[!?.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex PostDigest();

    [GeneratedRegex(TaskRef, RegexOptions.IgnoreCase)]
    private static partial Regex TaskReference();

    [GeneratedRegex(@"^(?:show\s+(?:me\s+)?|查看|查询|看看|看一下|显示)?\s*" + TaskRef + @"\s*(?:任务)?\s*(?:的)?\s*(?:details?|详情|情况|内容|是什么)?[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ShowTask();

    [GeneratedRegex(@"^(?:报告|汇报|填报|上报|报送|更新)?\s*" + TaskRef + @"\s*(?:的)?\s*(?:整改)?\s*(?:进展|进度|情况|完成情况)\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ChineseOneSentence();

    [GeneratedRegex(@"^(?:(?:report\s+|update\s+)(?:progress\s+(?:for|on)\s+)?" + TaskRef + @"\s*(?:progress|update|status)?|" + TaskRef + @"\s*(?:progress|update|status))\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishOneSentence();

    /// <summary>任务3：完成60%，… — a task and a colon; a report when what follows names a percent.</summary>
    [GeneratedRegex(@"^" + TaskRef + @"\s*[:：]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TaskWithColon();

    [GeneratedRegex(@"没报|未报|没有报|没交|未提交|没提交|未报送|没报送|漏报|not (?:yet )?(?:reported|filed|submitted)|(?:hasn't|haven't|has not|have not|didn't|did not) (?:yet )?(?:reported|report|filed|file|submitted)|missing reports?|yet to report|unfiled|who (?:still )?owes", RegexOptions.IgnoreCase)]
    private static partial Regex NotReported();

    [GeneratedRegex(@"逾期|超期|超时|过期|拖期|超过期限|过了期限|overdue|past (?:the )?due|late tasks?|behind schedule", RegexOptions.IgnoreCase)]
    private static partial Regex Overdue();

    [GeneratedRegex(@"欠|要报什么|要报哪|要报些|应报|该报|需要报什么|需要报哪|需报|待报|(?:什么|哪些).{0,6}要报|要交|该交|应交|待交|需要交|owe|owed|(?:is |are )?due (?:this|next|last)? ?month|what.{0,20}(?:due|to report)|reports? (?:are )?due", RegexOptions.IgnoreCase)]
    private static partial Regex Owed();

    [GeneratedRegex(@"我的任务|我们的任务|我单位的?任务|本单位的?任务|我们单位的?任务|我负责的|我们负责的|my tasks|our tasks|my unit'?s tasks|tasks? (?:of|for) my unit|list (?:my )?tasks", RegexOptions.IgnoreCase)]
    private static partial Regex MyTasks();

    [GeneratedRegex(@"报告|汇报|填报|上报|报送|报进展|进展|进度|report|update|progress|submit", RegexOptions.IgnoreCase)]
    private static partial Regex ReportWords();

    [GeneratedRegex(@"\((?<s>[一二三四五六七八九十]{1,3})\)|第(?<s>[一二三四五六七八九十]{1,3})(?:部分|类|大类)|section\s*\(?(?<s>\d{1,2}|[一二三四五六七八九十]{1,3})\)?", RegexOptions.IgnoreCase)]
    private static partial Regex Section();

    public static Command Recognize(string? text, DateOnly today)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return new Command(CommandKind.Unknown);
        }
        // ---- TEMPORARY (issue 11): minimal patterns for the new questions until the trained model replaces this recognizer. Delete at merge. ----
        if (RecognizeNewQuestions(normalized) is { } asked)
        {
            return asked;
        }
        // ---- end TEMPORARY ----
        if (Help().IsMatch(normalized))
        {
            return new Command(CommandKind.Help) { Text = normalized };
        }
        if (Cancel().IsMatch(normalized))
        {
            return new Command(CommandKind.Cancel) { Text = normalized };
        }
        if (More().IsMatch(normalized))
        {
            return new Command(CommandKind.More) { Text = normalized };
        }
        if (Outbox().IsMatch(normalized))
        {
            return new Command(CommandKind.Outbox) { Text = normalized };
        }
        if (DigestChannel().IsMatch(normalized))
        {
            return new Command(CommandKind.DigestChannel) { Text = normalized };
        }
        if (PostDigest().IsMatch(normalized))
        {
            return new Command(CommandKind.PostDigest) { Text = normalized };
        }
        if (ReminderSettings().IsMatch(normalized))
        {
            return new Command(CommandKind.ReminderSettings) { Text = normalized };
        }
        if (!normalized.Contains(':') && (UnmuteReminders().IsMatch(normalized) ? CommandKind.UnmuteReminders : MuteReminders().IsMatch(normalized) ? CommandKind.MuteReminders : CommandKind.Unknown) is not CommandKind.Unknown and var mute)
        {
            var muted = TaskReference().Match(normalized) is { Success: true } reference ? NumberReader.Read(reference.Groups["n"].Value) : null;
            return new Command(mute) { TaskNumber = muted, Text = normalized };
        }
        var sentence = ChineseOneSentence().Match(normalized);
        if (!sentence.Success)
        {
            sentence = EnglishOneSentence().Match(normalized);
        }
        if (!sentence.Success && TaskWithColon().Match(normalized) is { Success: true } withColon && QuantityReader.ReadPercent(withColon.Groups["rest"].Value) is not null)
        {
            sentence = withColon;
        }
        if (sentence.Success && NumberReader.Read(sentence.Groups["n"].Value) is { } reported)
        {
            // The report is kept in the user's own characters (full-width commas and all), not as normalized for reading.
            var original = (text ?? "").Trim();
            var colon = original.IndexOfAny([':', '：']);
            var report = colon >= 0 && colon + 1 < original.Length ? original[(colon + 1)..].Trim() : sentence.Groups["rest"].Value.Trim();
            return new Command(CommandKind.ReportInOneSentence) { TaskNumber = reported, ReportText = report, Text = normalized };
        }
        if (ShowTask().Match(normalized) is { Success: true } show && NumberReader.Read(show.Groups["n"].Value) is { } shown)
        {
            return new Command(CommandKind.ShowTask) { TaskNumber = shown, Text = normalized };
        }

        var months = PeriodReader.Read(normalized, today);
        if (NotReported().IsMatch(normalized))
        {
            return new Command(CommandKind.NotReported) { Months = months, Text = normalized };
        }
        if (Overdue().IsMatch(normalized))
        {
            return new Command(CommandKind.Overdue) { MoreThanDays = QuantityReader.ReadDays(normalized), Section = ReadSection(normalized), Text = normalized };
        }
        if (Owed().IsMatch(normalized))
        {
            return new Command(CommandKind.Owed) { Months = months, Text = normalized };
        }
        if (MyTasks().IsMatch(normalized))
        {
            return new Command(CommandKind.MyTasks) { Text = normalized };
        }
        if (ReportWords().IsMatch(normalized))
        {
            var task = TaskReference().Match(normalized) is { Success: true } reference ? NumberReader.Read(reference.Groups["n"].Value) : null;
            return new Command(CommandKind.Report) { TaskNumber = task, Text = normalized };
        }
        return new Command(CommandKind.Unknown) { Text = normalized };
    }

    // ---- TEMPORARY (issue 11): the new questions' patterns, deleted when the trained model replaces this recognizer. ----
    [GeneratedRegex(@"^(?:你好|您好|嗨|哈喽|早上好|上午好|下午好|晚上好|hi|hello|hey|good (?:morning|afternoon|evening))(?:\s*[,，]?\s*(?:rectifybot|bot|机器人|助手))?[!！~。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryGreeting();

    [GeneratedRegex(@"^(?:谢谢|多谢|感谢|谢了|辛苦了|thanks|thank you|thx|cheers)(?:\s*(?:你|您|啦|了|a lot|very much|so much))?[!！~。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryThanks();

    [GeneratedRegex(@"怎么样|如何|咋样|\bgoing\b|\bstatus\b|how is task|how's task", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryStatus();

    [GeneratedRegex(@"什么时候|何时|哪天|截止|期限|时限|到期|\bwhen\b|\bdue\b|deadline", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryWhen();

    [GeneratedRegex(@"月报|月度报告|月度进展|进展报告|monthly (?:progress )?reports?", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryMonthlyReport();

    [GeneratedRegex(@"(?:快|即将|马上|就要|将要|临近)到期|[天日]内(?:要)?到期|due soon|coming due|due (?:with)?in|due (?:over |in )?the next", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryDueSoon();

    [GeneratedRegex(@"汇总|总体(?:情况|进展|进度)|整体(?:情况|进展|进度)|总览|概览|overview|overall|big picture", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryOverview();

    [GeneratedRegex(@"^.{1,30}?的?(?:整改)?(?:情况|状况)(?:怎么样|如何)?[?？。]*$|^how (?:is|are) .{2,60}? doing\??$|^(?:how is |how's |show )?(?:my|our) unit(?:'s picture| doing)?\??$", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryUnitPicture();

    [GeneratedRegex(@"(?<n>\d{1,4}|[一二三四五六七八九十百两]{1,4})\s*(?:days?|天|日)", RegexOptions.IgnoreCase)]
    private static partial Regex TemporaryDays();

    private static Command? RecognizeNewQuestions(string normalized)
    {
        if (normalized.Contains(':'))
        {
            return null; // 任务3进展：… is a report
        }
        if (TemporaryGreeting().IsMatch(normalized))
        {
            return new Command(CommandKind.Greeting) { Text = normalized };
        }
        if (TemporaryThanks().IsMatch(normalized))
        {
            return new Command(CommandKind.Thanks) { Text = normalized };
        }
        var task = TaskReference().Match(normalized) is { Success: true } reference ? NumberReader.Read(reference.Groups["n"].Value) : null;
        if (task is not null)
        {
            return TemporaryStatus().IsMatch(normalized) ? new Command(CommandKind.ShowTask) { TaskNumber = task, Text = normalized }
                : TemporaryWhen().IsMatch(normalized) && !Overdue().IsMatch(normalized) ? new Command(CommandKind.Deadline) { TaskNumber = task, Text = normalized }
                : null;
        }
        if (TemporaryDueSoon().IsMatch(normalized))
        {
            // "the next 60 days" reads as a date range, not a duration: the number before "days" then.
            var days = QuantityReader.ReadDays(normalized) ?? (TemporaryDays().Match(normalized) is { Success: true } span ? NumberReader.Read(span.Groups["n"].Value) : null);
            return new Command(CommandKind.DueSoon) { WithinDays = days, Text = normalized };
        }
        if (TemporaryMonthlyReport().IsMatch(normalized) && TemporaryWhen().IsMatch(normalized))
        {
            return new Command(CommandKind.Deadline) { Text = normalized };
        }
        if (TemporaryOverview().IsMatch(normalized))
        {
            return new Command(CommandKind.Overview) { Text = normalized };
        }
        return TemporaryUnitPicture().IsMatch(normalized) && !Overdue().IsMatch(normalized) && !NotReported().IsMatch(normalized) && !Owed().IsMatch(normalized)
            ? new Command(CommandKind.UnitPicture) { Text = normalized }
            : null;
    }
    // ---- end TEMPORARY ----

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
