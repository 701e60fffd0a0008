using RectifyBot.Cards;
using RectifyBot.Cards.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The monthly dispatch digest on its schedule (default the 16th at 10:00): posted as a new thread in the digest channel,
/// and kept once it went. While no channel is chosen (or the bot was removed from it) it goes to each leader's own chat
/// instead, saying how to choose one: a digest is never silently skipped. Each post that went is on the audit trail, by
/// the bot, once per send.
/// </summary>
public sealed class DigestPlanner(DigestBuilder builder, DigestArchive archive, DigestChannel channel, ITaskStore store, IConversationStore conversations, AuditTrail audit) : IRhythmPlanner
{
    public RhythmKind Kind => RhythmKind.Digest;

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var snapshot = await builder.BuildAsync(occurrence.Day, occurrence.At, "schedule", cancellationToken) with { PostedAt = occurrence.At };
        var view = snapshot.View;
        var source = "schedule-" + occurrence.Day.ToString("yyyy-MM-dd");
        Func<CancellationToken, Task> Keep(string key, string where) => async ct =>
        {
            await archive.KeepAsync(snapshot, ct);
            await audit.RecordAsync(AuditActor.System, AuditActions.DigestPosted, null, source, $"month {view.Month}, on schedule, to {where}", key: $"digest:{key}", cancellationToken: ct);
        };
        if (await channel.CurrentAsync(cancellationToken) is { IsGone: false } to)
        {
            var card = DigestCard.Build(view, Language.Chinese, new DigestShow { Refreshes = true, RefreshUserIds = snapshot.RefreshUserIds });
            var key = MonthlyDigest.Key(view.Month, source, to.Key);
            return [new PlannedMessage(key, MonthlyDigest.KindName, null, to, Replies.Card(card, DigestCard.Summary(view, Language.Chinese))) { OnSent = Keep(key, $"the channel {to.Key}") }];
        }
        var personal = DigestCard.Build(view, Language.Chinese, new DigestShow { Banner = Localizer.Get(Language.Chinese, "digest.noChannelLeaders"), BannerIsWarning = true });
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        foreach (var leader in (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Leader))
        {
            var address = chats.For(leader);
            var activity = Replies.Card(personal, DigestCard.Summary(view, Language.Chinese)); // an activity of its own per recipient: sending addresses it
            var key = MonthlyDigest.Key(view.Month, source, leader.Key);
            planned.Add(new PlannedMessage(key, MonthlyDigest.KindName, leader, address, activity) { OnSent = Keep(key, $"{leader.Name}'s own chat (no digest channel)") });
        }
        return planned;
    }
}
