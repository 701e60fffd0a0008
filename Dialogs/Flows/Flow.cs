using Microsoft.Bot.Builder;
using RectifyBot.Cards;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs.Flows;

/// <summary>
/// A person's own state in a conversation, kept per person through <see cref="PrivateConversationState"/> in the
/// store's <see cref="IStorage"/> (in a group chat or channel each member has their own): which flow is in progress
/// (its answers are in that flow's typed state), and the last list shown (for "show more").
/// </summary>
public sealed class ConversationData
{
    /// <summary>The <see cref="IFlow.Name"/> of the flow in progress, if any.</summary>
    public string? ActiveFlow { get; set; }

    public ListState? LastList { get; set; }

    /// <summary>The message the bot last asked back about, for the meaning the person presses on that question's card.</summary>
    public AskedBack? Asked { get; set; }
}

/// <summary>A message the bot was not sure of: the card's buttons name this id, the message stays here (it may be long).</summary>
public sealed class AskedBack
{
    public string Id { get; set; } = "";

    public string Text { get; set; } = "";
}

/// <summary>The last list card shown, so "show more" typed as text continues it.</summary>
public sealed class ListState
{
    public string Verb { get; set; } = "";
    public string Query { get; set; } = "{}";
    public int NextOffset { get; set; }
}

/// <summary>What every flow's typed state has: this run's id, the step it waits on, when it last moved.</summary>
public abstract class FlowState
{
    /// <summary>This run of the flow; what it stores is keyed by it, so it is stored once.</summary>
    public string Id { get; set; } = "";
    public string Step { get; set; } = "";
    public DateTimeOffset LastActive { get; set; }
}

/// <summary>Who is in the turn, in which language, on which day.</summary>
public sealed record FlowTurn(ITurnContext Context, Person Person, Language Language, DateOnly Today)
{
    public string T(string key, params object?[] args) => Localizer.Get(Language, key, args);
}

/// <summary>
/// One question of a flow: its prompt, and what it does with an answer — keeps the value in the state and returns
/// null, or returns why the answer was refused (nothing kept).
/// </summary>
public sealed record FlowStep<TState>(string Name, Func<FlowTurn, TState, string> Prompt, Func<FlowTurn, TState, string, string?> Answer)
{
    public Func<TState, bool> When { get; init; } = _ => true;

    /// <summary>Any text answers it (a summary); otherwise only the expected words do, and other commands leave the flow.</summary>
    public bool FreeText { get; init; }
}

/// <summary>How a flow ends once every step is answered: done, or back to a step (the value there no longer holds).</summary>
public sealed record FlowEnd(bool Done, string? BackTo = null);

public enum FlowProgress
{
    /// <summary>The answer was taken; the next question was asked.</summary>
    Moved,
    /// <summary>The answer was refused on a step that takes only certain words: it may be another command.</summary>
    Refused,
    /// <summary>The flow finished (or its state was gone); nothing more to ask.</summary>
    Ended,
}

/// <summary>A flow's verdict on a turn's text; a refusal says why.</summary>
public sealed record FlowAnswer(FlowProgress Progress, string? Refusal = null);

/// <summary>A multi-turn conversation as the router sees it; flows register by <see cref="Name"/>.</summary>
public interface IFlow
{
    string Name { get; }

    /// <summary>Takes the person's answer to the step the flow waits on.</summary>
    Task<FlowAnswer> ContinueAsync(FlowTurn turn, string answer, CancellationToken cancellationToken);

    /// <summary>Asks the current step again after a refused answer.</summary>
    Task RepeatAsync(FlowTurn turn, string error, CancellationToken cancellationToken);

    /// <summary>True when the flow has waited longer than <paramref name="idle"/> (or its state is gone).</summary>
    Task<bool> IsIdleAsync(ITurnContext turnContext, TimeSpan idle, CancellationToken cancellationToken);

    /// <summary>Drops the flow's state: cancelled, expired, or finished elsewhere (its form card was submitted).</summary>
    Task EndAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}
