using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using RectifyBot.Cards;
using RectifyBot.Cards.Proactive;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// The monthly dispatch digest on demand and as people meet it: a leader's <c>发布月度调度通报</c> builds a preview to Post
/// or Cancel; Post sends it to the digest channel through the same claimed, paced sender as the schedule, and keeps it;
/// in the channel the card refreshes to each called-out member's own view, their unit first with report buttons.
/// </summary>
public sealed class MonthlyDigest(DigestBuilder builder, DigestArchive archive, DigestChannel channel, IProactiveSender sender, ISendLog sends, SendFailureNotice failures, SupervisionQueries lists, TimeProvider time, AuditTrail audit)
{
    public const string KindName = "digest";

    /// <summary>The send key of a digest: one per preview posted, one per scheduled occurrence and destination.</summary>
    public static string Key(string month, string source, string destination) => $"{KindName}|{month}|{source}|{destination}";

    public async Task<BotReply> PreviewAsync(FlowTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Person.Role != PersonRole.Leader)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.leadersOnly")));
        }
        var snapshot = await builder.BuildAsync(turn.Today, time.GetUtcNow(), turn.Person.Key, cancellationToken);
        var id = await archive.SavePreviewAsync(snapshot, cancellationToken);
        var to = await channel.CurrentAsync(cancellationToken);
        var live = to is { IsGone: false };
        var show = new DigestShow { Banner = turn.T(live ? "digest.preview" : "digest.previewNoChannel"), BannerIsWarning = !live, PreviewId = id, CanPost = live };
        return BotReply.Send(Replies.Card(DigestCard.Build(snapshot.View, turn.Language, show), DigestCard.Summary(snapshot.View, turn.Language)));
    }

    /// <summary>Posts a preview once: a second press, another leader's press or a second host finds the send claimed.</summary>
    public async Task<BotReply> PostAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var id = data.Text("preview");
        if (turn.Person.Role != PersonRole.Leader)
        {
            await audit.RefusedAsync(AuditActor.Of(turn.Person), AuditActions.DigestPosted, null, $"preview {id}",
                $"refused: only a Leader may post the digest; {turn.Person.Role}", $"refused:digest:{id}:{turn.Person.Key}", cancellationToken);
            return BotReply.Send(Replies.Text(turn.T("digest.leadersOnly")));
        }
        var snapshot = await archive.FindPreviewAsync(id, cancellationToken);
        if (snapshot?.PostedAt is not null)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.alreadyPosted")));
        }
        if (snapshot is null || time.GetUtcNow() - snapshot.At > DigestArchive.PreviewLifetime)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.expired")));
        }
        if (await channel.CurrentAsync(cancellationToken) is not { IsGone: false } to)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.previewNoChannel")));
        }
        var posted = snapshot with { PostedAt = time.GetUtcNow(), By = turn.Person.Key };
        var card = DigestCard.Build(posted.View, Language.Chinese, new DigestShow { Refreshes = true, RefreshUserIds = posted.RefreshUserIds });
        var key = Key(posted.View.Month, id, to.Key);
        var activity = Replies.Card(card, DigestCard.Summary(posted.View, Language.Chinese));
        var outcome = await sender.SendAsync(new ProactiveMessage(key, KindName, to, activity), cancellationToken);
        if (outcome == SendOutcome.NotClaimed && await sends.FindSendAsync(key, cancellationToken) is { SentAt: null } record)
        {
            // Not sent by anyone yet: given up before, or another press (or host) is sending it, or it waits for its back-off.
            outcome = record.IsPending ? SendOutcome.Retry : SendOutcome.Failed;
        }
        switch (outcome)
        {
            case SendOutcome.Sent:
                await archive.KeepAsync(posted, cancellationToken);
                await archive.SavePreviewAsync(id, posted, cancellationToken); // pressed again later: "already posted"
                await audit.RecordAsync(AuditActor.Of(turn.Person), AuditActions.DigestPosted, null, $"preview {id}",
                    $"month {posted.View.Month}, to the channel {to.Key}", key: $"digest:{key}", cancellationToken: cancellationToken);
                return Shown(turn, posted, turn.T("digest.posted", posted.View.Month, PlanClock.ToPlanTime(posted.PostedAt!.Value).ToString("yyyy-MM-dd HH:mm")), false);
            case SendOutcome.NotClaimed:
                return BotReply.Send(Replies.Text(turn.T("digest.alreadyPosted")));
            case SendOutcome.Retry:
                return BotReply.Send(Replies.Text(turn.T("digest.postLater")));
            case SendOutcome.Gone:
                return BotReply.Send(Replies.Text(turn.T("digest.postGone")));
            default:
                await failures.NotifyAsync(new PlannedMessage(key, KindName, null, to, activity), onlyStarted: false, cancellationToken);
                return BotReply.Send(Replies.Text(turn.T("digest.postFailed")));
        }
    }

    public async Task<BotReply> CancelAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var id = data.Text("preview");
        var snapshot = await archive.FindPreviewAsync(id, cancellationToken);
        if (snapshot?.PostedAt is not null)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.alreadyPosted")));
        }
        if (snapshot is null)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.expired")));
        }
        await archive.DeletePreviewAsync(id, cancellationToken);
        return BotReply.Replace(DigestCard.Build(snapshot.View, turn.Language, new DigestShow { Banner = turn.T("digest.cancelled") }));
    }

    /// <summary>
    /// The refresh Teams asks for when a listed member sees the posted digest: the kept digest, with the viewer's own unit
    /// first when it was called out; everyone else gets the common view back.
    /// </summary>
    public async Task<BotReply> ViewAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        if (!YearMonth.TryParse(data.Text("month"), out var month) || await archive.FindAsync(month, cancellationToken) is not { } posted)
        {
            return BotReply.Send(Replies.Text(turn.T("digest.expired")));
        }
        var show = new DigestShow { Refreshes = true, RefreshUserIds = posted.RefreshUserIds, ViewerUnit = builder.UnitOfViewer(posted.View, turn.Person) };
        return BotReply.Replace(DigestCard.Build(posted.View, turn.Language, show));
    }

    /// <summary>A called-out unit's list: a leader sees the unit's, an official their own unit's (never another's).</summary>
    public async Task<BotReply> UnitAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken)
    {
        var unit = turn.Person.SeesEveryUnit ? data.Text("unit") : turn.Person.Unit;
        return BotReply.Send(Replies.Card(await lists.OwedCardAsync(turn, unit, YearMonth.TryParse(data.Text("month"), out var month) ? month : YearMonth.Of(turn.Today), null, cancellationToken)));
    }

    private static BotReply Shown(FlowTurn turn, DigestSnapshot snapshot, string banner, bool warning) =>
        BotReply.Replace(DigestCard.Build(snapshot.View, turn.Language, new DigestShow { Banner = banner, BannerIsWarning = warning }));
}
