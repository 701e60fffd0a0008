using Microsoft.Bot.Builder;
using RectifyBot.Cards;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs.Flows;

/// <summary>
/// The conversation's own state, kept per person through <see cref="PrivateConversationState"/> in the store's <see cref="IStorage"/>:
/// the flow in progress, and the last list shown (for "show more").
/// </summary>
public sealed class ConversationData
{
    public FlowState? Flow { get; set; }
    public ListState? LastList { get; set; }
}

/// <summary>A flow in progress: which flow, which step it waits on, the answers so far, when it last moved.</summary>
public sealed class FlowState
{
    public string Flow { get; set; } = "";

    /// <summary>This run of the flow; what it stores is keyed by it, so it is stored once.</summary>
    public string Id { get; set; } = "";
    public string Step { get; set; } = "";
    public Dictionary<string, string> Values { get; set; } = [];
    public DateTimeOffset LastActive { get; set; }

    public string Get(string key) => Values.GetValueOrDefault(key, "");
}

/// <summary>The last list card shown, so "show more" typed as text continues it.</summary>
public sealed class ListState
{
    public string Verb { get; set; } = "";
    public string Query { get; set; } = "{}";
    public int NextOffset { get; set; }
}

/// <summary>Who is in the turn, in which language, on which day.</summary>
public sealed record FlowTurn(ITurnContext Context, Person Person, Language Language, DateOnly Today)
{
    public string T(string key, params object?[] args) => Localizer.Get(Language, key, args);
}

/// <summary>A step's verdict on an answer: the value to keep, or why it was refused.</summary>
public sealed record StepAnswer(string? Value, string? Error)
{
    public static StepAnswer Accept(string value) => new(value, null);
    public static StepAnswer Reject(string error) => new(null, error);
}

/// <summary>One question of a flow: its prompt, the check of its answer, and when it is asked at all.</summary>
public sealed record FlowStep(string Name, Func<FlowTurn, FlowState, string> Prompt, Func<FlowTurn, FlowState, string, StepAnswer> Check)
{
    public Func<FlowState, bool> When { get; init; } = _ => true;

    /// <summary>Any text answers it (a summary); otherwise only the expected words do, and other commands leave the flow.</summary>
    public bool FreeText { get; init; }
}

/// <summary>How a flow ends once every step is answered: done, or back to a step (the value there was refused).</summary>
public sealed record FlowEnd(bool Done, string? BackTo = null);

/// <summary>A multi-turn conversation: its steps in order, and what happens when all are answered.</summary>
public interface IFlow
{
    string Name { get; }
    IReadOnlyList<FlowStep> Steps { get; }
    Task<FlowEnd> CompleteAsync(FlowTurn turn, FlowState state, CancellationToken cancellationToken);
}
