using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The leaders' channel the monthly dispatch digest (月度调度通报) is posted to: one per deployment, chosen by a Leader or
/// an Admin saying so in a team channel (<c>在此频道发布调度通报</c>); kept in the store with the channel's address.
/// </summary>
public sealed class DigestChannel(IBotStateStore state, IConversationStore conversations, RhythmSchedule schedule, TimeProvider time, AuditTrail audit)
{
    private const string Key = "rectifybot/rhythm/digestChannel";

    /// <summary>The channel's address, or null while none was chosen.</summary>
    public async Task<ConversationAddress?> CurrentAsync(CancellationToken cancellationToken) =>
        await state.ReadJsonAsync<string>(Key, null, cancellationToken) is { } key
            ? await conversations.FindConversationAsync(key, cancellationToken)
            : null;

    /// <summary>Makes this channel the digest channel (its address stored, and chosen), replacing any chosen before.</summary>
    public async Task UseAsync(ConversationAddress channel, CancellationToken cancellationToken)
    {
        await conversations.SaveConversationAsync(channel, cancellationToken);
        await state.WriteJsonAsync(Key, channel.Key, null, cancellationToken);
    }

    /// <summary>Makes the turn's channel the digest channel when the person may; the answer says what happened.</summary>
    public async Task<string> ChooseAsync(FlowTurn turn, CancellationToken cancellationToken)
    {
        var key = string.IsNullOrEmpty(turn.Context.Activity.Id) ? null : $"setting:digestChannel:{turn.Context.Activity.Id}";
        if (turn.Person.Role is not (PersonRole.Leader or PersonRole.Admin))
        {
            await audit.RefusedAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, null, "digest channel",
                $"refused: only a Leader or an Admin may choose the digest channel; {turn.Person.Role}", key is null ? null : "refused:" + key, cancellationToken);
            return turn.T("digest.channelRefused");
        }
        if (ConversationCapture.AddressOf(turn.Context.Activity, time.GetUtcNow()) is not { Kind: ConversationKind.Channel } channel)
        {
            return turn.T("digest.channelOnly");
        }
        await UseAsync(channel, cancellationToken);
        await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.SettingChanged, null, "digest channel",
            $"the digest channel is now {channel.Key}", key: key, cancellationToken: cancellationToken);
        var next = schedule.Between(time.GetUtcNow(), time.GetUtcNow().AddDays(62)).FirstOrDefault(o => o.Kind == RhythmKind.Digest);
        return turn.T("digest.channelChosen", next is null ? "—" : PlanClock.ToPlanTime(next.At).ToString("yyyy-MM-dd HH:mm"));
    }
}
