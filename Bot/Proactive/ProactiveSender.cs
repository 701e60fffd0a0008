using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Telemetry;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Proactive;

/// <summary>
/// Sends first, exactly once and within Teams' limits: every send is claimed in the send log before it goes
/// (<see cref="ISendLog"/>: a second host, a restart or a doubled tick finds it claimed) and marked sent after; it goes
/// through <see cref="CloudAdapter.ContinueConversationAsync(string, ConversationReference, BotCallbackHandler, CancellationToken)"/>
/// with the bot's app id (empty locally), paced by rate limiters (per conversation and per bot). A 403 or 404 marks the
/// address gone; a 429 is retried after its <c>Retry-After</c>; other failures back off and are given up after a few tries.
/// </summary>
public sealed partial class ProactiveSender : IProactiveSender, IAsyncDisposable
{
    /// <summary>Teams' documented limits, kept under: about 7 messages a second to one conversation, 30 a second per bot per tenant.</summary>
    public const int PerConversationPerSecond = 7;
    public const int PerBotPerSecond = 30;
    public const int MaxAttempts = 5;

    /// <summary>A claim older than this without "sent" was left by a host that stopped mid-send: it is taken again.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    private readonly CloudAdapter _adapter;
    private readonly IConversationStore _conversations;
    private readonly ISendLog _log;
    private readonly TimeProvider _time;
    private readonly string _appId;
    private readonly ILogger<ProactiveSender> _logger;
    private readonly PartitionedRateLimiter<string> _pace;

    public ProactiveSender(CloudAdapter adapter, IConversationStore conversations, ISendLog log, TimeProvider time, IConfiguration configuration, ILogger<ProactiveSender> logger)
    {
        (_adapter, _conversations, _log, _time, _logger) = (adapter, conversations, log, time, logger);
        _appId = configuration["MicrosoftAppId"] ?? "";
        _pace = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(conversation => RateLimitPartition.GetTokenBucketLimiter(conversation, _ => Bucket(PerConversationPerSecond))),
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetTokenBucketLimiter("bot", _ => Bucket(PerBotPerSecond))));
    }

    public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken)
    {
        var outcome = await SendOnceAsync(message, cancellationToken);
        RectifyTelemetry.ProactiveSent(message.Kind, outcome);
        return outcome;
    }

    private async Task<SendOutcome> SendOnceAsync(ProactiveMessage message, CancellationToken cancellationToken)
    {
        var to = message.To;
        if (to.IsGone)
        {
            return SendOutcome.Gone;
        }
        if (!await _log.TryClaimAsync(message.Key, message.Kind, to.Key, _time.GetUtcNow(), StaleClaim, cancellationToken))
        {
            return SendOutcome.NotClaimed;
        }
        using (var lease = await _pace.AcquireAsync(to.ConversationId, 1, cancellationToken))
        {
            try
            {
                // The adapter hands a failed turn to its OnTurnError, which tells no one here: the send's own failure is kept and thrown after.
                Exception? failure = null;
                await _adapter.ContinueConversationAsync(_appId, ReferenceOf(to), async (turn, ct) =>
                {
                    try
                    {
                        await DeliverAsync(turn, to, message.Activity, ct);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                }, cancellationToken);
                if (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }
            }
            catch (Microsoft.Bot.Schema.ErrorResponseException e) when (e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                var reason = $"{(int)e.Response.StatusCode} from the channel: {e.Body?.Error?.Code ?? e.Response.ReasonPhrase}";
                await _conversations.MarkConversationGoneAsync(to.Key, reason, _time.GetUtcNow(), cancellationToken);
                await _log.MarkFailedAsync(message.Key, reason, _time.GetUtcNow(), cancellationToken);
                LogGone(_logger, message.Key, to.Key, reason);
                return SendOutcome.Gone;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return await RetryLaterAsync(message, e, cancellationToken);
            }
        }
        await _log.MarkSentAsync(message.Key, _time.GetUtcNow(), cancellationToken);
        LogSent(_logger, message.Key, to.Key);
        return SendOutcome.Sent;
    }

    /// <summary>
    /// A new message, not a reply to the continuation's own event: into the chat (<c>SendToConversation</c>), or as a new
    /// thread in a team's channel (<see cref="TeamsInfo.SendMessageToTeamsChannelAsync(ITurnContext, IActivity, string, string, CancellationToken)"/>).
    /// </summary>
    private async Task DeliverAsync(ITurnContext turn, ConversationAddress to, IActivity activity, CancellationToken cancellationToken)
    {
        if (to.Kind == ConversationKind.Channel && to.TeamChannelId is { } channel)
        {
            await Microsoft.Bot.Builder.Teams.TeamsInfo.SendMessageToTeamsChannelAsync(turn, activity, channel, _appId, cancellationToken);
            return;
        }
        var message = (Activity)activity;
        message.Conversation = turn.Activity.Conversation;
        message.From = turn.Activity.Recipient;
        message.Recipient = turn.Activity.From;
        message.ServiceUrl = turn.Activity.ServiceUrl;
        message.ChannelId = turn.Activity.ChannelId;
        await turn.TurnState.Get<IConnectorClient>().Conversations.SendToConversationAsync(message, cancellationToken);
    }

    /// <summary>Releases the claim to be tried again: after the channel's <c>Retry-After</c> on a 429, else after a back-off; given up after <see cref="MaxAttempts"/>.</summary>
    private async Task<SendOutcome> RetryLaterAsync(ProactiveMessage message, Exception e, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var error = e is Microsoft.Bot.Schema.ErrorResponseException { Response: { } response } ? $"{(int)response.StatusCode} {response.ReasonPhrase}" : $"{e.GetType().Name}: {e.Message}";
        var attempts = (await _log.FindSendAsync(message.Key, cancellationToken))?.Attempts ?? 1;
        if (attempts >= MaxAttempts)
        {
            await _log.MarkFailedAsync(message.Key, error, now, cancellationToken);
            LogGaveUp(_logger, e, message.Key, message.To.Key, attempts);
            return SendOutcome.Failed;
        }
        var wait = RetryAfterOf(e) ?? TimeSpan.FromSeconds(Math.Pow(4, attempts)); // 4 s, 16 s, 64 s, 256 s
        await _log.ReleaseAsync(message.Key, error, now + wait, cancellationToken);
        LogRetry(_logger, message.Key, message.To.Key, error, wait.TotalSeconds);
        return SendOutcome.Retry;
    }

    private static TimeSpan? RetryAfterOf(Exception e)
    {
        if (e is not Microsoft.Bot.Schema.ErrorResponseException { Response: { StatusCode: HttpStatusCode.TooManyRequests } response })
        {
            return null;
        }
        var header = response.Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return double.TryParse(header, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, 3600))
            : TimeSpan.FromSeconds(30);
    }

    /// <summary>The reference <c>ContinueConversationAsync</c> needs, from a stored address.</summary>
    public static ConversationReference ReferenceOf(ConversationAddress address) => new()
    {
        ChannelId = address.ChannelId,
        ServiceUrl = address.ServiceUrl,
        Conversation = new ConversationAccount(id: address.ConversationId, tenantId: address.TenantId, conversationType: address.Kind switch
        {
            ConversationKind.Channel => "channel",
            ConversationKind.GroupChat => "groupChat",
            _ => "personal",
        }),
        Bot = new ChannelAccount(address.BotId),
        User = address.UserId is { } user ? new ChannelAccount(user) { AadObjectId = address.AadObjectId } : null,
    };

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    public ValueTask DisposeAsync()
    {
        _pace.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Key} to {Recipient}")]
    private static partial void LogSent(ILogger logger, string key, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {Key} to {Recipient} ({Error}); trying again in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string key, string recipient, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bot can no longer speak in {Recipient}: {Reason}; {Key} not sent, the address marked gone")]
    private static partial void LogGone(ILogger logger, string key, string recipient, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up sending {Key} to {Recipient} after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string key, string recipient, int attempts);
}
