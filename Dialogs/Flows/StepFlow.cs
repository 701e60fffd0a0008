using Microsoft.Bot.Builder;

namespace RectifyBot.Dialogs.Flows;

/// <summary>
/// A flow of questions asked one per turn, with its own typed state (<typeparamref name="TState"/>) kept per person in
/// <see cref="PrivateConversationState"/>: each step asks, checks the answer with a pure validator and keeps the
/// value; when every step is answered, <see cref="CompleteAsync"/> decides.
/// </summary>
public abstract class StepFlow<TState>(PrivateConversationState conversationState, TimeProvider time) : IFlow where TState : FlowState
{
    private readonly IStatePropertyAccessor<TState> _state = conversationState.CreateProperty<TState>("RectifyBot.Flow." + typeof(TState).Name);

    public abstract string Name { get; }

    protected abstract IReadOnlyList<FlowStep<TState>> Steps { get; }

    protected abstract Task<FlowEnd> CompleteAsync(FlowTurn turn, TState state, CancellationToken cancellationToken);

    /// <summary>Starts a run with the given state at its first step; the first question is returned for the caller to send with what else it sends.</summary>
    protected async Task<string> BeginAsync(FlowTurn turn, TState state, CancellationToken cancellationToken)
    {
        state.Id = Guid.NewGuid().ToString("N");
        state.LastActive = time.GetUtcNow();
        var first = NextStep(state, null) ?? throw new InvalidOperationException($"Flow {Name} has no step to ask.");
        state.Step = first.Name;
        await _state.SetAsync(turn.Context, state, cancellationToken);
        return first.Prompt(turn, state);
    }

    public async Task<FlowAnswer> ContinueAsync(FlowTurn turn, string answer, CancellationToken cancellationToken)
    {
        var state = await _state.GetAsync(turn.Context, null, cancellationToken);
        var step = state is null ? null : Steps.FirstOrDefault(s => s.Name == state.Step);
        if (state is null || step is null)
        {
            await EndAsync(turn.Context, cancellationToken); // gone, or from an older build with other steps: start afresh
            return new FlowAnswer(FlowProgress.Ended);
        }
        state.LastActive = time.GetUtcNow();
        if (step.Answer(turn, state, answer.Trim()) is { } error)
        {
            if (!step.FreeText)
            {
                return new FlowAnswer(FlowProgress.Refused, error);
            }
            await turn.Context.SendAsync(error + "\n\n" + step.Prompt(turn, state), cancellationToken);
            return new FlowAnswer(FlowProgress.Moved);
        }
        if (NextStep(state, step.Name) is { } next)
        {
            state.Step = next.Name;
            await turn.Context.SendAsync(next.Prompt(turn, state), cancellationToken);
            return new FlowAnswer(FlowProgress.Moved);
        }
        var end = await CompleteAsync(turn, state, cancellationToken);
        if (end.Done)
        {
            await EndAsync(turn.Context, cancellationToken);
            return new FlowAnswer(FlowProgress.Ended);
        }
        if (end.BackTo is { } back)
        {
            state.Step = back;
        }
        return new FlowAnswer(FlowProgress.Moved);
    }

    public async Task RepeatAsync(FlowTurn turn, string error, CancellationToken cancellationToken)
    {
        var state = await _state.GetAsync(turn.Context, null, cancellationToken);
        var step = state is null ? null : Steps.FirstOrDefault(s => s.Name == state.Step);
        await turn.Context.SendAsync(step is null ? error : error + "\n\n" + step.Prompt(turn, state!), cancellationToken);
    }

    public async Task<bool> IsIdleAsync(ITurnContext turnContext, TimeSpan idle, CancellationToken cancellationToken) =>
        await _state.GetAsync(turnContext, null, cancellationToken) is not { } state || time.GetUtcNow() - state.LastActive > idle;

    public Task EndAsync(ITurnContext turnContext, CancellationToken cancellationToken) => _state.DeleteAsync(turnContext, cancellationToken);

    /// <summary>Asks a step (to change an answer, or because its value no longer holds), with a note before it.</summary>
    protected Task AskAsync(FlowTurn turn, TState state, string stepName, string? before, CancellationToken cancellationToken)
    {
        var step = Steps.First(s => s.Name == stepName);
        state.Step = step.Name;
        return turn.Context.SendAsync((before is null ? "" : before + "\n\n") + step.Prompt(turn, state), cancellationToken);
    }

    private FlowStep<TState>? NextStep(TState state, string? after)
    {
        var start = after is null ? 0 : Steps.ToList().FindIndex(s => s.Name == after) + 1;
        return Steps.Skip(start).FirstOrDefault(s => s.When(state));
    }
}
