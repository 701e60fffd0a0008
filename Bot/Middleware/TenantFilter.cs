using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using RectifyBot.Dialogs.Identity;
using Microsoft.Extensions.Options;

namespace RectifyBot.Bot.Middleware;

/// <summary>
/// <c>Bot:AllowedTenants</c>: an activity from a tenant not on the list (or naming no tenant while the list is set) is
/// logged and goes no further; an invoke is answered 403, a message gets no answer. An empty list lets every tenant in.
/// </summary>
public sealed partial class TenantFilter(IOptions<BotOptions> options, ILogger<TenantFilter> logger) : Microsoft.Bot.Builder.IMiddleware
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()), StringComparer.OrdinalIgnoreCase);

    public bool AllowsAnyTenant => _allowed.Count == 0;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var tenant = TeamsData.TenantOf(turnContext.Activity);
        if (AllowsAnyTenant || (tenant is not null && _allowed.Contains(tenant)))
        {
            await next(cancellationToken);
            return;
        }
        var activity = turnContext.Activity;
        LogRefused(logger, tenant ?? "(none)", activity.Type, activity.Name, activity.From?.AadObjectId ?? activity.From?.Id);
        if (activity.Type == ActivityTypes.Invoke)
        {
            // Read by the adapter as the HTTP answer to the invoke; never sent to the channel.
            await turnContext.SendActivityAsync(new Activity(ActivityTypesEx.InvokeResponse) { Value = new InvokeResponse { Status = (int)HttpStatusCode.Forbidden } }, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity from tenant {TenantId} ({ActivityType} {Name}) from {UserId}: the tenant is not in Bot:AllowedTenants")]
    private static partial void LogRefused(ILogger logger, string tenantId, string activityType, string? name, string? userId);
}
