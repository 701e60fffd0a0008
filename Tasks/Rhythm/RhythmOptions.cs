namespace RectifyBot.Tasks.Rhythm;

/// <summary>
/// The plan's rhythm (<c>Supervision</c> section): when the bot reminds, escalates, counts down and posts the digest, as
/// cron expressions (minute hour day month weekday) in China time, and the calendar that moves reminders to working days.
/// </summary>
public sealed class RhythmOptions
{
    public const string Section = "Supervision";

    /// <summary>The host runs the schedule; false for a host that should only answer (with the send claims it is safe either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Monthly report reminders: the 10th and 14th at 09:00, moved to the working day before when not a working day.</summary>
    public string Reminders { get; set; } = "0 9 10,14 * *";

    /// <summary>Units still missing the month's report, to the leaders: the 16th at 09:00.</summary>
    public string Escalation { get; set; } = "0 9 16 * *";

    /// <summary>When deadlines are checked for the countdown (30, 7 and 1 days before, and the day after): daily at 09:00.</summary>
    public string Countdown { get; set; } = "0 9 * * *";

    /// <summary>The monthly dispatch digest in the leaders' channel: the 16th at 10:00.</summary>
    public string Digest { get; set; } = "0 10 16 * *";

    /// <summary>Supervision notices past their reply deadline that not everyone acknowledged, back to their issuers: daily at 09:00.</summary>
    public string NoticeReturns { get; set; } = "0 9 * * *";
    /// <summary>
    /// Sign-off cards not yet delivered (a report stored later from the outbox, a send that failed), to the leaders: daily at
    /// 09:30. A card goes once per leader per completion report, whichever path sends it first.
    /// </summary>
    public string SignOffRequests { get; set; } = "30 9 * * *";

    /// <summary>
    /// The quarterly filing (季度报备) of the quarter just ended, to each unit's officials and to the leaders: 09:30 on the
    /// 1st to the 7th of January, April, July and October, each moved to the working day on or after it; only the first
    /// of a quarter sends (the rest find it sent).
    /// </summary>
    public string QuarterFiling { get; set; } = "30 9 1-7 1,4,7,10 *";

    /// <summary>Public holidays (not working days even on a weekday).</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Make-up working days on a weekend (调休).</summary>
    public List<DateOnly> WorkingWeekends { get; set; } = [];
}
