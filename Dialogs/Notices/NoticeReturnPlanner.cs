using RectifyBot.Cards.Notices;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Notices;

/// <summary>
/// Notices back to their issuers (<see cref="RhythmKind.NoticeReturns"/>, daily): an open notice whose reply deadline
/// has passed with recipients who have not acknowledged it goes back to the leader who issued it, once (send key
/// <c>notice-return|{year}-{number}</c>), with those recipients named; once sent, the notice records when and the audit
/// trail says so.
/// </summary>
public sealed class NoticeReturnPlanner(INoticeStore notices, ITaskStore store, IConversationStore conversations, AuditTrail audit, TimeProvider time) : IRhythmPlanner
{
    public const string KindName = "notice-return";

    public RhythmKind Kind => RhythmKind.NoticeReturns;

    public static string Key(SupervisionNotice notice) => $"{KindName}|{NoticeDesk.NoticeKey(notice)}";

    public async Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken)
    {
        var due = (await notices.ListNoticesAsync(null, cancellationToken))
            .Where(n => n.State == NoticeState.Open && n.ReturnedAt is null && n.ReplyBy < occurrence.Day && n.Recipients.Any(r => r.AcknowledgedAt is null))
            .ToList();
        if (due.Count == 0)
        {
            return [];
        }
        var people = await store.ListPeopleAsync(cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        foreach (var notice in due)
        {
            var issuer = people.FirstOrDefault(p => p.Key == notice.IssuerId);
            var to = issuer is null ? null : chats.For(issuer);
            var language = RecipientLanguage.Of(to);
            var card = NoticeReturnCard.Build(notice, language);
            var pending = notice.Recipients.Count(r => r.AcknowledgedAt is null);
            planned.Add(new PlannedMessage(Key(notice), KindName, issuer, to, Replies.Card(card, NoticeReturnCard.Summary(notice, language)))
            {
                OnSent = async ct =>
                {
                    if (await notices.MarkNoticeReturnedAsync(notice.Id, time.GetUtcNow(), ct))
                    {
                        await audit.RecordAsync(AuditActor.System, AuditActions.NoticeReturned, notice.TaskNumber, $"{notice.Code} {notice.Id}",
                            $"returned to {notice.IssuerName}: {pending} of {notice.Recipients.Count} recipients had not acknowledged by {NoticeText.Date(notice.ReplyBy)}",
                            key: $"{AuditActions.NoticeReturned}:{notice.Id}", cancellationToken: ct);
                    }
                },
            });
        }
        return planned;
    }
}
