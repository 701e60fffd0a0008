using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace RectifyBot.Dialogs.Identity;

/// <summary>
/// Looks up who is speaking once, before the bot sees a message or an invoke (<see cref="PersonResolver"/>); what
/// follows reads <see cref="PersonResolver.Current"/>. Nothing a message or a card says about the user is used.
/// </summary>
public sealed class IdentityMiddleware(PersonResolver people) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        if (turnContext.Activity.Type is ActivityTypes.Message or ActivityTypes.Invoke)
        {
            await people.ResolveAsync(turnContext, cancellationToken);
        }
        await next(cancellationToken);
    }
}
