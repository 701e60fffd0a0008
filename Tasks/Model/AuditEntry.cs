namespace RectifyBot.Tasks.Model;

/// <summary>
/// One line of the audit trail: who did what, when, to which task and records. Appended by the bot, never updated or
/// deleted (the SQLite table refuses both; the Graph list is written only by appending). A refused attempt to write is
/// recorded too, with <see cref="Refused"/> and why in <see cref="Details"/>.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Assigned by the store on append: the entry's place in the log, increasing.</summary>
    public long Sequence { get; init; }

    /// <summary>
    /// What makes the entry once: appending an entry whose key is already in the log stores nothing (a retried append, a
    /// report delivered twice). Give the action and the source it came from (<c>report:{sourceId}</c>); a fresh key otherwise.
    /// </summary>
    public string Key { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>When, in UTC.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who: the person's AAD object id (else UPN), or <see cref="AuditActor.System"/>'s id for the bot's own acts and the CLI's user.</summary>
    public required string ActorId { get; init; }

    public required string ActorName { get; init; }

    /// <summary>What, as one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    public int? TaskNumber { get; init; }

    /// <summary>The ids involved: a report id, a notice number, a file name, a send key.</summary>
    public string Subject { get; init; } = "";

    /// <summary>What changed or why it was refused, in words a reviewer can read (counts, states, reasons).</summary>
    public string Details { get; init; } = "";

    /// <summary>The attempt was refused and wrote nothing else.</summary>
    public bool Refused { get; init; }
}

/// <summary>Who acts, as the audit trail names them.</summary>
public sealed record AuditActor(string Id, string Name)
{
    /// <summary>The bot itself: scheduled sends, outbox deliveries.</summary>
    public static readonly AuditActor System = new("system", "RectifyBot");

    public static AuditActor Of(Person person) => new(person.Key, person.Name);

    /// <summary>The command line, as the operating-system user who ran it.</summary>
    public static AuditActor CommandLine() => new($"cli:{Environment.UserName}", Environment.UserName);
}

/// <summary>The actions the audit trail records.</summary>
public static class AuditActions
{
    public const string PlanImported = "plan.imported";
    public const string PeopleImported = "people.imported";
    public const string ReportStored = "report.stored";
    /// <summary>A report kept in the outbox while the store was down, delivered later.</summary>
    public const string ReportDelivered = "report.delivered";
    public const string NoticeIssued = "notice.issued";
    public const string NoticeAcknowledged = "notice.acknowledged";
    public const string NoticeAnswered = "notice.answered";
    public const string NoticeClosed = "notice.closed";
    /// <summary>A notice unacknowledged past its reply deadline, returned to the leader who issued it.</summary>
    public const string NoticeReturned = "notice.returned";
    public const string TaskSignedOff = "task.signedoff";
    public const string TaskSentBack = "task.sentback";
    public const string DigestPosted = "digest.posted";
    public const string SettingChanged = "setting.changed";
    public const string QuarterFiled = "quarter.filed";
    /// <summary>A card action the bot did not run (forged, stale or unknown data): only ever recorded refused.</summary>
    public const string CardAction = "card.action";
    /// <summary>Someone asked for the audit trail: only ever recorded refused (reading it changes nothing).</summary>
    public const string AuditViewed = "audit.viewed";
}
