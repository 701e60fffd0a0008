using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace RectifyBot.Dialogs.Identity;

/// <summary>What Teams says about an activity's team, channel and tenant, read without trusting its shape.</summary>
public static class TeamsData
{
    /// <summary>The activity's Teams channel data, or null when it has none or it is not in Teams' shape.</summary>
    public static TeamsChannelData? Of(IActivity activity)
    {
        try
        {
            return activity.GetChannelData<TeamsChannelData>();
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null; // channel data not in Teams' shape names no team, channel or tenant
        }
    }

    /// <summary>The tenant the activity comes from: <c>conversation.tenantId</c>, else Teams' <c>channelData.tenant.id</c>.</summary>
    public static string? TenantOf(IActivity activity, TeamsChannelData? teams = null) =>
        string.IsNullOrWhiteSpace(activity.Conversation?.TenantId) ? (teams ?? Of(activity))?.Tenant?.Id : activity.Conversation.TenantId;
}
