namespace RectifyBot.Tasks.Model;

public enum ConversationKind
{
    /// <summary>A person's one-to-one chat with the bot.</summary>
    Personal,
    GroupChat,
    /// <summary>A channel of a team the bot is installed in.</summary>
    Channel,
}

/// <summary>
/// Where the bot can speak first: the conversation reference Teams gave when the bot was installed or when someone
/// talked to it, kept so that a reminder or a digest can be sent later (<c>ContinueConversationAsync</c>).
/// </summary>
public sealed record ConversationAddress
{
    /// <summary>
    /// What the address is for, unique: <c>personal:&lt;aadObjectId&gt;</c> (one per person), <c>chat:&lt;conversation id&gt;</c>,
    /// <c>channel:&lt;team id&gt;:&lt;channel id&gt;</c>.
    /// </summary>
    public required string Key { get; init; }

    public required ConversationKind Kind { get; init; }

    public required string ConversationId { get; init; }

    public required string ServiceUrl { get; init; }

    /// <summary>The Bot Framework channel (<c>msteams</c>).</summary>
    public required string ChannelId { get; init; }

    public string? TenantId { get; init; }

    /// <summary>For a personal chat: the person's AAD object id, and their id on the channel (<c>29:…</c>).</summary>
    public string? AadObjectId { get; init; }

    public string? UserId { get; init; }

    /// <summary>For a channel: the team and the Teams channel.</summary>
    public string? TeamId { get; init; }

    public string? TeamChannelId { get; init; }

    /// <summary>
    /// For a personal chat: the locale the person last wrote in (<c>zh-CN</c>, <c>en-US</c>), so what the bot sends first is
    /// in their language; null when not known (then Chinese, the default). Chats and channels have none: their members differ.
    /// </summary>
    public string? Locale { get; init; }

    /// <summary>The bot's id on the channel (<c>28:…</c>), as the recipient of the activity that gave the address.</summary>
    public string BotId { get; init; } = "";

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the bot stopped being able to speak there (uninstalled, blocked, removed), and why; null while it can.</summary>
    public DateTimeOffset? GoneAt { get; init; }

    public string? GoneReason { get; init; }

    public bool IsGone => GoneAt is not null;

    public static string PersonalKey(string aadObjectId) => "personal:" + aadObjectId;

    public static string ChatKey(string conversationId) => "chat:" + conversationId;

    public static string ChannelKey(string teamId, string channelId) => $"channel:{teamId}:{channelId}";
}
