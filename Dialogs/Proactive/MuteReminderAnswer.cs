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
public sealed partial class MuteReminderAnswer(ITaskStore store, ReminderMutes mutes, UnitMatcher matcher, TimeProvider time, ILogger<MuteReminderAnswer> logger)
{
    public async Task<string> MuteAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(turn, taskNumber, cancellationToken) is { } refused)
        {
            return refused;
        }
        var month = YearMonth.Of(turn.Today);
        await mutes.MuteAsync(turn.Person, month, taskNumber!.Value, time.GetUtcNow(), cancellationToken);
        LogMuted(logger, turn.Person.Key, taskNumber.Value, month.ToString());
        return turn.T("mute.done", MonthOf(turn, month), taskNumber.Value);
    }

    public async Task<string> UnmuteAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(turn, taskNumber, cancellationToken) is { } refused)
        {
            return refused;
        }
        var month = YearMonth.Of(turn.Today);
        if (!await mutes.UnmuteAsync(turn.Person, month, taskNumber!.Value, cancellationToken))
        {
            return turn.T("mute.notMuted", MonthOf(turn, month), taskNumber.Value);
        }
        LogUnmuted(logger, turn.Person.Key, taskNumber.Value, month.ToString());
        return turn.T("mute.undone", MonthOf(turn, month), taskNumber.Value);
    }

    /// <summary>Why this person cannot mute this task, or null when they can: no reminders for their role, no task named, no such task, another unit's task.</summary>
    private async Task<string?> RefusalAsync(FlowTurn turn, int? taskNumber, CancellationToken cancellationToken)
    {
        if (turn.Person.Role != PersonRole.Official)
        {
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
        return matcher.RoleOf(task, turn.Person.Unit) is null ? turn.T("mute.notYours", number, Markdown.Escape(turn.Person.Unit)) : null;
    }

    private static string MonthOf(FlowTurn turn, YearMonth month) => RectifyBot.Cards.Lists.OwedCard.MonthName(month, turn.Language);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} muted the reminders of task {Task} for {Month}")]
    private static partial void LogMuted(ILogger logger, string person, int task, string month);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Person} unmuted the reminders of task {Task} for {Month}")]
    private static partial void LogUnmuted(ILogger logger, string person, int task, string month);
}
