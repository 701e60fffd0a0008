using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// Tells the administrators, in Teams, that a message the bot speaks first was given up (<see cref="SendOutcome.Failed"/>:
/// it kept failing through every retry): what it was, to whom, the last error, and that the send log (and the export)
/// holds the record — so nothing fails silently. Each administrator with a live personal chat gets one notice, in their
/// language, under its own send key (<c>sendfailed|&lt;key&gt;|&lt;admin&gt;</c>), claimed like any send, so two hosts send it
/// once. A notice that fails for now is retried by the next ticks like any send; one given up is not reported again
/// (no loop): it stays in the send log and in <c>待发队列</c>.
/// </summary>
public sealed partial class SendFailureNotice(ITaskStore store, IConversationStore conversations, ISendLog log, IProactiveSender sender, ILogger<SendFailureNotice> logger)
{
    public const string KindName = "sendfailed";

    /// <summary>
    /// Sends the notices of one given-up message. <paramref name="onlyStarted"/>: a later tick over the same window, which
    /// only retries notices that failed for now (never starts new ones, so a message given up for another reason, such as
    /// an address gone, is not reported). True while some notice is neither sent nor given up, so the window is ticked
    /// again. Never throws: the failure itself is in the send log whatever happens here.
    /// </summary>
    public async Task<bool> NotifyAsync(PlannedMessage failed, bool onlyStarted, CancellationToken cancellationToken)
    {
        if (failed.Kind == KindName)
        {
            return false;
        }
        var unfinished = false;
        try
        {
            var record = await log.FindSendAsync(failed.Key, cancellationToken);
            var (error, attempts) = (record?.LastError ?? "—", record?.Attempts ?? 0);
            foreach (var admin in (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Admin))
            {
                var key = $"{KindName}|{failed.Key}|{admin.Key}";
                if (onlyStarted && await log.FindSendAsync(key, cancellationToken) is not { IsPending: true })
                {
                    continue;
                }
                if (await conversations.FindPersonalAsync(admin, cancellationToken) is not { IsGone: false } to)
                {
                    LogNoAdminAddress(logger, admin.Key, failed.Key);
                    continue;
                }
                var language = RecipientLanguage.Of(to);
                var text = Localizer.Get(language, "sendFailed.text", failed.Kind, Markdown.Escape(RecipientOf(failed, language)), attempts,
                    Markdown.Escape(error.Length <= 300 ? error : error[..300] + "…"), Markdown.Escape(failed.Key));
                var outcome = await sender.SendAsync(new ProactiveMessage(key, KindName, to, Replies.Text(text)), cancellationToken);
                unfinished |= outcome == SendOutcome.Retry
                    || (outcome == SendOutcome.NotClaimed && await log.FindSendAsync(key, cancellationToken) is { IsPending: true });
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNoticeFailed(logger, e, failed.Key); // the failure itself is in the send log; the tick goes on
        }
        return unfinished;
    }

    /// <summary>Whom it was for, as an administrator knows them: a person by name and unit, else the channel or chat.</summary>
    private static string RecipientOf(PlannedMessage failed, Language language) => failed switch
    {
        { Recipient: { } person } => Localizer.Get(language, "escalation.person", person.Name, person.Unit),
        { To.Kind: ConversationKind.Channel } => Localizer.Get(language, "sendFailed.channel", failed.To.Key),
        _ => Localizer.Get(language, "sendFailed.chat", failed.To?.Key ?? "—"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Administrator {Admin} has no live personal chat with the bot: not told that {Key} was given up")]
    private static partial void LogNoAdminAddress(ILogger logger, string admin, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the administrators that {Key} was given up; it stays in the send log")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string key);
}
