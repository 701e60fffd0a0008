using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Extensions.Logging;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Identity;

/// <summary>The Teams roster, asked for a member's UPN when the directory does not know their AAD object id.</summary>
public interface ITeamsRoster
{
    Task<string?> GetUpnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <summary>Asks Teams (<see cref="TeamsInfo.GetMemberAsync"/>); outside Teams, or when Teams cannot answer, there is no UPN.</summary>
public sealed partial class TeamsRoster(ILogger<TeamsRoster> logger) : ITeamsRoster
{
    public async Task<string?> GetUpnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From?.Id;
        if (from is null || turnContext.Activity.ChannelId != Microsoft.Bot.Connector.Channels.Msteams)
        {
            return null;
        }
        try
        {
            var member = await TeamsInfo.GetMemberAsync(turnContext, from, cancellationToken);
            return member?.UserPrincipalName ?? member?.Email;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(logger, e, from);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up Teams member {UserId}")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string userId);
}

/// <summary>Who is speaking: the directory's person for <c>from.aadObjectId</c>, else for the UPN Teams gives; once per turn (<see cref="IdentityMiddleware"/>).</summary>
public sealed class PersonResolver(ITaskStore store, ITeamsRoster roster)
{
    private const string TurnKey = "RectifyBot.Person";

    /// <summary>The person the turn's identity lookup found; null when they are not in the directory (or no lookup ran).</summary>
    public static Person? Current(ITurnContext turnContext) => turnContext.TurnState.TryGetValue(TurnKey, out var person) ? person as Person : null;

    public async Task<Person?> ResolveAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.TurnState.TryGetValue(TurnKey, out var cached))
        {
            return cached as Person;
        }
        var person = await store.FindPersonAsync(turnContext.Activity.From?.AadObjectId, null, cancellationToken);
        if (person is null && await roster.GetUpnAsync(turnContext, cancellationToken) is { } upn)
        {
            person = await store.FindPersonAsync(null, upn, cancellationToken);
        }
        turnContext.TurnState[TurnKey] = person;
        return person;
    }
}
