using System.Text.Json;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>One task muted by one person for one month, as kept (who asked and when, for the record).</summary>
public sealed record ReminderMute(int Task, string Month, string PersonKey, string PersonName, DateTimeOffset MutedAt);

/// <summary>
/// The tasks a person asked not to be reminded of this month (<c>本月任务3不再提醒</c>). A mute is the person's own: it
/// stops their monthly report reminder for that task and nothing else — not their colleagues' reminders, not the
/// countdown, not the escalation to the leaders on the 16th. Kept in the bot state store (shared by every host, kept
/// across restarts) with one key per month, person and task (<c>rectifybot/rhythm/mute/2019-03/&lt;person&gt;/3</c>), so
/// two writes never touch the same document and none can lose another; next month's keys are new, so a mute ends with
/// its month by construction. Unmuting deletes the key.
/// </summary>
public sealed class ReminderMutes(IBotStateStore state)
{
    private const string Prefix = "rectifybot/rhythm/mute/";

    public static string KeyOf(YearMonth month, string personKey, int task) => $"{Prefix}{month}/{personKey}/{task}";

    public async Task MuteAsync(Person person, YearMonth month, int task, DateTimeOffset now, CancellationToken cancellationToken) =>
        await state.WriteStateAsync(KeyOf(month, person.Key, task), JsonSerializer.Serialize(new ReminderMute(task, month.ToString(), person.Key, person.Name, now)), null, cancellationToken);

    /// <summary>Ends a mute; false when the task was not muted.</summary>
    public async Task<bool> UnmuteAsync(Person person, YearMonth month, int task, CancellationToken cancellationToken)
    {
        var key = KeyOf(month, person.Key, task);
        if ((await state.ReadStateAsync([key], cancellationToken)).Count == 0)
        {
            return false;
        }
        await state.DeleteStateAsync([key], cancellationToken);
        return true;
    }

    /// <summary>
    /// Which of <paramref name="tasks"/> each of <paramref name="people"/> muted for the month: one query for the month's
    /// mutes (a prefix of the state keys), not one read per person and task.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<int>>> MutedAsync(IEnumerable<Person> people, YearMonth month, IReadOnlyCollection<int> tasks, CancellationToken cancellationToken)
    {
        var asked = people.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        if (asked.Count == 0 || tasks.Count == 0)
        {
            return new Dictionary<string, IReadOnlySet<int>>();
        }
        var prefix = $"{Prefix}{month}/";
        var muted = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var key in (await state.ReadStateByPrefixAsync(prefix, cancellationToken)).Keys)
        {
            var rest = key[prefix.Length..];
            var slash = rest.LastIndexOf('/');
            if (slash > 0 && int.TryParse(rest[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var task)
                && tasks.Contains(task) && asked.Contains(rest[..slash]))
            {
                (muted.TryGetValue(rest[..slash], out var set) ? set : muted[rest[..slash]] = []).Add(task);
            }
        }
        return muted.ToDictionary(m => m.Key, m => (IReadOnlySet<int>)m.Value, StringComparer.Ordinal);
    }

    /// <summary>The tasks of <paramref name="tasks"/> this person muted for the month, in number order.</summary>
    public async Task<IReadOnlyList<int>> MutedByAsync(Person person, YearMonth month, IReadOnlyCollection<int> tasks, CancellationToken cancellationToken) =>
        (await MutedAsync([person], month, tasks, cancellationToken)).TryGetValue(person.Key, out var muted) ? [.. muted.Order()] : [];
}
