using Microsoft.Bot.Schema;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs.Proactive;

/// <summary>
/// A message the rhythm sends: its send key, the person it is for (null for a channel post), where to (null: they have
/// not installed the bot), what; <see cref="OnSent"/> runs once it went (the digest keeps what it posted).
/// </summary>
public sealed record PlannedMessage(string Key, string Kind, Person? Recipient, ConversationAddress? To, IMessageActivity Activity)
{
    public Func<CancellationToken, Task>? OnSent { get; init; }
}

/// <summary>A message the bot sends first: its send key (kind, period or deadline, task or unit, recipient), where it goes, and what.</summary>
public sealed record ProactiveMessage(string Key, string Kind, ConversationAddress To, IActivity Activity);

public enum SendOutcome
{
    Sent,
    /// <summary>Sent before, or being sent by another host right now (its claim is fresh): nothing was sent.</summary>
    NotClaimed,
    /// <summary>The bot can no longer speak there (uninstalled, blocked, removed): the address is marked gone; nothing was sent.</summary>
    Gone,
    /// <summary>The channel asked to wait (429) or failed for now: the send is released to be claimed again later.</summary>
    Retry,
    /// <summary>Given up after a few (the sender's limit) attempts; kept in the send log for the administrators.</summary>
    Failed,
}

/// <summary>Sends a message first, exactly once per key, within the channel's limits (the host's <c>ProactiveSender</c>).</summary>
public interface IProactiveSender
{
    Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken cancellationToken);
}
