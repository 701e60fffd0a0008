using System.Collections.Concurrent;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Logging;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// Keeps where the bot can speak first: the conversation reference of every chat and channel the bot is installed in, and
/// of every conversation a person of the directory talks to it in, stored in the task store (<see cref="IConversationStore"/>).
/// As middleware it runs after the identity lookup; the install and uninstall events call it directly. An address already
/// stored unchanged by this process is not written again, so a message costs no write; a person who switches Teams to
/// another language changes the address (its <see cref="ConversationAddress.Locale"/>), so it is written again.
/// </summary>
public sealed partial class ConversationCapture(IConversationStore store, TimeProvider time, ILogger<ConversationCapture> logger) : IMiddleware
{
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        if (turnContext.Activity.Type is ActivityTypes.Message or ActivityTypes.Invoke && PersonResolver.Current(turnContext) is not null)
        {
            await RememberAsync(turnContext, cancellationToken);
        }
        await next(cancellationToken);
    }

    /// <summary>
    /// Stores the turn's conversation as a place the bot can speak; a failure to store is logged, never fails the turn.
    /// <paramref name="installed"/>: the bot was just installed there, so it is stored even if this process stored it before.
    /// </summary>
    public async Task RememberAsync(ITurnContext turnContext, CancellationToken cancellationToken, bool installed = false)
    {
        if (AddressOf(turnContext.Activity, time.GetUtcNow()) is not { } address)
        {
            return;
        }
        if (address is { Kind: ConversationKind.Personal, Locale: null })
        {
            address = await KeepLocaleAsync(address, cancellationToken);
        }
        var fingerprint = Fingerprint(address);
        if (!installed && _known.TryGetValue(address.Key, out var stored) && stored == fingerprint)
        {
            return;
        }
        try
        {
            await store.SaveConversationAsync(address, cancellationToken);
            _known[address.Key] = fingerprint;
            LogRemembered(logger, address.Key, address.Kind);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotRemembered(logger, e, address.Key); // the answer matters more; the next message tries again
        }
    }

    /// <summary>
    /// An activity without a locale (some install events) says nothing about the person's language: the one known, from
    /// this process or else from the store, is kept rather than wiped.
    /// </summary>
    private async Task<ConversationAddress> KeepLocaleAsync(ConversationAddress address, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(address.Key, out var known))
        {
            return address with { Locale = StoredLocaleOf(known) };
        }
        try
        {
            return address with { Locale = (await store.FindConversationAsync(address.Key, cancellationToken))?.Locale };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotRemembered(logger, e, address.Key);
            return address;
        }
    }

    /// <summary>The bot was uninstalled or removed there: the address is kept, marked gone.</summary>
    public async Task ForgetAsync(ITurnContext turnContext, string reason, CancellationToken cancellationToken)
    {
        if (AddressOf(turnContext.Activity, time.GetUtcNow()) is not { } address)
        {
            return;
        }
        _known.TryRemove(address.Key, out _);
        if (await store.MarkConversationGoneAsync(address.Key, reason, time.GetUtcNow(), cancellationToken))
        {
            LogGone(logger, address.Key, reason);
        }
    }

    /// <summary>
    /// The address an activity gives: a personal chat is the person's (by AAD object id; none without one), with the
    /// locale they wrote in; a channel its team's channel, a group chat the chat (no locale: members differ).
    /// </summary>
    public static ConversationAddress? AddressOf(IActivity activity, DateTimeOffset now)
    {
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId || activity.ServiceUrl is not { Length: > 0 } serviceUrl)
        {
            return null;
        }
        var teams = activity.ChannelId == Channels.Msteams ? TeamsData.Of(activity) : null;
        var tenant = TeamsData.TenantOf(activity, teams);
        var common = (ServiceUrl: serviceUrl, ChannelId: activity.ChannelId ?? "", BotId: activity.Recipient?.Id ?? "");
        switch (activity.Conversation.ConversationType)
        {
            case "channel" when teams?.Team?.Id is { } teamId:
                var channelId = teams.Channel?.Id ?? conversationId.Split(';')[0];
                return new ConversationAddress
                {
                    Key = ConversationAddress.ChannelKey(teamId, channelId), Kind = ConversationKind.Channel, ConversationId = channelId,
                    ServiceUrl = common.ServiceUrl, ChannelId = common.ChannelId, BotId = common.BotId, TenantId = tenant,
                    TeamId = teamId, TeamChannelId = channelId, UpdatedAt = now,
                };
            case "groupChat":
                return new ConversationAddress
                {
                    Key = ConversationAddress.ChatKey(conversationId), Kind = ConversationKind.GroupChat, ConversationId = conversationId,
                    ServiceUrl = common.ServiceUrl, ChannelId = common.ChannelId, BotId = common.BotId, TenantId = tenant, UpdatedAt = now,
                };
            case not ("channel" or "groupChat") when activity.From?.AadObjectId is { Length: > 0 } aad: // Teams says "personal"; other channels say nothing
                return new ConversationAddress
                {
                    Key = ConversationAddress.PersonalKey(aad), Kind = ConversationKind.Personal, ConversationId = conversationId,
                    ServiceUrl = common.ServiceUrl, ChannelId = common.ChannelId, BotId = common.BotId, TenantId = tenant,
                    AadObjectId = aad, UserId = activity.From.Id, Locale = LocaleOf(activity), UpdatedAt = now,
                };
            default:
                return null;
        }
    }

    /// <summary>What, when it changes, must be written again; the locale last (<see cref="StoredLocaleOf"/> reads it back).</summary>
    private static string Fingerprint(ConversationAddress a) => string.Join('|', a.ConversationId, a.ServiceUrl, a.TenantId, a.BotId, a.UserId, a.Locale);

    private static string? StoredLocaleOf(string fingerprint) => fingerprint[(fingerprint.LastIndexOf('|') + 1)..] is { Length: > 0 } locale ? locale : null;

    /// <summary>The locale the activity was written in (messages and invokes carry it), null when it has none.</summary>
    private static string? LocaleOf(IActivity activity) => ((activity as Activity)?.Locale ?? (activity as IMessageActivity)?.Locale) is { Length: > 0 } locale ? locale : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored where the bot can speak: {Key} ({Kind})")]
    private static partial void LogRemembered(ILogger logger, string key, ConversationKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the conversation {Key}; the next message tries again")]
    private static partial void LogNotRemembered(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot can no longer speak in {Key}: {Reason}")]
    private static partial void LogGone(ILogger logger, string key, string reason);
}
