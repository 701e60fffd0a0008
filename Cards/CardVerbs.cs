namespace RectifyBot.Cards;

/// <summary>The verbs of the cards' actions, as the bot's action table knows them.</summary>
public static class CardVerbs
{
    public const string ReportOpen = "report.open";
    public const string ReportSubmit = "report.submit";
    public const string ReportConfirm = "report.confirm";
    public const string ReportEdit = "report.edit";
    public const string ReportCancel = "report.cancel";
    public const string OwedShow = "owed.show";
    public const string OverduePage = "overdue.page";
    public const string UnfiledPage = "unfiled.page";
    public const string TasksPage = "tasks.page";
    public const string DigestPost = "digest.post";
    public const string DigestCancel = "digest.cancel";

    /// <summary>The digest's refresh: Teams asks for a called-out member's own view of the posted digest.</summary>
    public const string DigestView = "digest.view";

    /// <summary>
    /// A unit's month (what it owes, its deadlines, what is overdue) from a unit line of the digest or of the not-reported
    /// list: a leader or admin sees the unit named, an official only their own unit.
    /// </summary>
    public const string DigestUnit = "digest.unit";

    /// <summary>The next page of the tasks coming due (哪些任务快到期了).</summary>
    public const string DueSoonPage = "duesoon.page";

    /// <summary>One unit's picture, from the unit chooser: a leader any unit's, an official their own.</summary>
    public const string UnitShow = "unit.show";

    /// <summary>The whole plan summed up (leaders and admins; others get their unit's picture).</summary>
    public const string OverviewShow = "overview.show";

    /// <summary>The next page of a task's audit trail (审计记录 任务3; leaders and admins).</summary>
    public const string AuditPage = "audit.page";
    /// <summary>The quarterly filing workbook (季度报备表) as a file, from the leaders' filing card (leaders and admins).</summary>
    public const string QuarterWorkbook = "quarter.workbook";

    /// <summary>A signed-off task's public notice (整改情况公示) as a Word file, from its status card (leaders and admins).</summary>
    public const string DiscloseNotice = "disclose.notice";

    /// <summary>A meaning chosen when the bot asked back what a message meant.</summary>
    public const string IntentChoose = "intent.choose";

    /// <summary>Supervision notices (督办函): issue or cancel a preview, a recipient's 签收 and 整改说明, a leader's list, detail and 关闭.</summary>
    public const string NoticeIssue = "notice.issue";
    public const string NoticeCancel = "notice.cancel";
    public const string NoticeAcknowledge = "notice.ack";
    public const string NoticeAnswer = "notice.answer";
    public const string NoticeList = "notice.list";
    public const string NoticeShow = "notice.show";
    public const string NoticeClose = "notice.close";

    /// <summary>A leader signs off a task reported completed (销号), from its sign-off card.</summary>
    public const string SignOffApprove = "signoff.approve";

    /// <summary>A leader sends a task reported completed back to its unit (退回), with a reason.</summary>
    public const string SignOffReturn = "signoff.return";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ReportOpen, ReportSubmit, ReportConfirm, ReportEdit, ReportCancel, OwedShow, OverduePage, UnfiledPage, TasksPage, DigestPost, DigestCancel, DigestView, DigestUnit, DueSoonPage, UnitShow, OverviewShow, IntentChoose,
        NoticeIssue, NoticeCancel, NoticeAcknowledge, NoticeAnswer, NoticeList, NoticeShow, NoticeClose, SignOffApprove, SignOffReturn,
        AuditPage, QuarterWorkbook, DiscloseNotice,
    };
}
