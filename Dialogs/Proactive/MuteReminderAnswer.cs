using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// <c>本月任务3不再提醒</c> / <c>mute task 3 this month</c>, and <c>恢复任务3提醒</c> / <c>unmute task 3</c>: an official stops
/// (or restarts) this month's report reminders about one task, for themselves only (<see cref="ReminderMutes"/>). Only for
/// a task their unit leads or is responsible for — the same rule as reporting on it (<see cref="UnitMatcher.RoleOf"/>);
/// anything else is refused and nothing is stored. The answer says exactly what was muted, for which month, and that the
/// escalation on the 16th still goes to the leaders.
/// </summary>
public sealed partial class MuteReminderAnswer(ITaskStore store, ReminderMutes mutes, UnitMatcher matcher, TimeProvider time, AuditTrail audit, ILogger<MuteReminderAnswer> logger)
{
    public async Task<string> MuteAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(turn, taskNumber, "mute", cancellationToken) is { } refused)
        {
            return refused;
        }
        var month = YearMonth.Of(turn.Today);
        await mutes.MuteAsync(turn.Person, month, taskNumber!.Value, time.GetUtcNow(), cancellationToken);
        LogMuted(logger, turn.Person.Key, taskNumber.Value, month.ToString());
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, taskNumber, "reminders",
            $"muted this person's reminders of task {taskNumber} for {month}", key: Key(turn, "mute"), cancellationToken: cancellationToken);
        return turn.T("mute.done", MonthOf(turn, month), taskNumber.Value);
    }

    public async Task<string> UnmuteAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(turn, taskNumber, "unmute", cancellationToken) is { } refused)
        {
            return refused;
        }
        var month = YearMonth.Of(turn.Today);
        if (!await mutes.UnmuteAsync(turn.Person, month, taskNumber!.Value, cancellationToken))
        {
            return turn.T("mute.notMuted", MonthOf(turn, month), taskNumber.Value);
        }
        LogUnmuted(logger, turn.Person.Key, taskNumber.Value, month.ToString());
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, taskNumber, "reminders",
            $"unmuted this person's reminders of task {taskNumber} for {month}", key: Key(turn, "unmute"), cancellationToken: cancellationToken);
        return turn.T("mute.undone", MonthOf(turn, month), taskNumber.Value);
    }

    /// <summary>
    /// Why this person cannot mute this task, or null when they can: no reminders for their role, no task named, no such
    /// task, another unit's task. The refusals of the person's role or unit are on the audit trail; a missing or unknown
    /// number is a slip, not an attempt.
    /// </summary>
    private async Task<string?> RefusalAsync(FlowTurn turn, int? taskNumber, string what, CancellationToken cancellationToken)
    {
        if (turn.Person.Role != PersonRole.Official)
        {
            await audit.RefusedAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, taskNumber, "reminders",
                $"refused to {what} reminders: a {turn.Person.Role} gets no report reminders", RefusedKey(turn, what), cancellationToken);
            return turn.T("mute.noReminders");
        }
        if (taskNumber is not { } number)
        {
            return turn.T("mute.whichTask");
        }
        if (await store.GetTaskAsync(number, cancellationToken) is not { } task)
        {
            return turn.T("mute.unknownTask", number);
        }
        if (matcher.RoleOf(task, turn.Person.Unit) is null)
        {
            await audit.RefusedAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, number, "reminders",
                $"refused to {what} reminders: the task is not {turn.Person.Unit}'s", RefusedKey(turn, what), cancellationToken);
            return turn.T("mute.notYours", number, Markdown.Escape(turn.Person.Unit));
        }
        return null;
    }

    /// <summary>One entry per message (Teams may deliver one again).</summary>
    private static string? Key(FlowTurn turn, string what) =>
        string.IsNullOrEmpty(turn.Context.Activity.Id) ? null : $"setting:{what}:{turn.Context.Activity.Id}";

    private static string? RefusedKey(FlowTurn turn, string what) => Key(turn, what) is { } key ? "refused:" + key : null;

    private static string MonthOf(FlowTurn turn, YearMonth month) => RectifyBot.Cards.Lists.OwedCard.MonthName(month, turn.Language);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} muted the reminders of task {Task} for {Month}")]
    private static partial void LogMuted(ILogger logger, string person, int task, string month);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} unmuted the reminders of task {Task} for {Month}")]
    private static partial void LogUnmuted(ILogger logger, string person, int task, string month);
}
