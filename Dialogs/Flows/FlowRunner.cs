using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace RectifyBot.Dialogs.Flows;

public enum FlowProgress
{
    /// <summary>The answer was taken; the next question was asked, or the flow ended.</summary>
    Moved,
    /// <summary>The answer was refused on a step that takes only certain words: it may be another command.</summary>
    Refused,
    Ended,
}

/// <summary>Runs an <see cref="IFlow"/>: asks each step's question in turn, checks answers, re-asks on a refusal.</summary>
public sealed class FlowRunner(TimeProvider time)
{
    /// <summary>Starts the flow at its first step; the first question is returned for the caller to send with whatever else it sends.</summary>
    public FlowState Start(IFlow flow, Dictionary<string, string> values, FlowTurn turn, out string prompt)
    {
        var state = new FlowState { Flow = flow.Name, Id = Guid.NewGuid().ToString("N"), Values = values, LastActive = time.GetUtcNow() };
        var first = NextStep(flow, state, null) ?? throw new InvalidOperationException($"Flow {flow.Name} has no step to ask.");
        state.Step = first.Name;
        prompt = first.Prompt(turn, state);
        return state;
    }

    public bool IsExpired(FlowState state, TimeSpan idle) => time.GetUtcNow() - state.LastActive > idle;

    /// <summary>Takes an answer to the current step; null state afterwards means the flow ended. A refusal says why.</summary>
    public async Task<(FlowProgress Progress, FlowState? State, string? Refusal)> ContinueAsync(IFlow flow, FlowState state, FlowTurn turn, string answer, CancellationToken cancellationToken)
    {
        var step = flow.Steps.FirstOrDefault(s => s.Name == state.Step);
        if (step is null)
        {
            return (FlowProgress.Ended, null, null); // state from an older build with other steps: start afresh
        }
        state.LastActive = time.GetUtcNow();
        var verdict = step.Check(turn, state, answer.Trim());
        if (verdict.Error is not null)
        {
            if (!step.FreeText)
            {
                return (FlowProgress.Refused, state, verdict.Error);
            }
            await SayAsync(turn, verdict.Error + "\n\n" + step.Prompt(turn, state), cancellationToken);
            return (FlowProgress.Moved, state, null);
        }
        state.Values[step.Name] = verdict.Value!;
        var (progress, next) = await AdvanceAsync(flow, state, turn, step.Name, cancellationToken);
        return (progress, next, null);
    }

    /// <summary>Re-asks the current step after a refused answer.</summary>
    public Task RepeatAsync(IFlow flow, FlowState state, FlowTurn turn, string error, CancellationToken cancellationToken)
    {
        var step = flow.Steps.First(s => s.Name == state.Step);
        return SayAsync(turn, error + "\n\n" + step.Prompt(turn, state), cancellationToken);
    }

    /// <summary>Goes back to a step (to change an answer) and asks it.</summary>
    public Task GoToAsync(IFlow flow, FlowState state, FlowTurn turn, string stepName, string? before, CancellationToken cancellationToken)
    {
        var step = flow.Steps.First(s => s.Name == stepName);
        state.Step = step.Name;
        return SayAsync(turn, (before is null ? "" : before + "\n\n") + step.Prompt(turn, state), cancellationToken);
    }

    private async Task<(FlowProgress, FlowState?)> AdvanceAsync(IFlow flow, FlowState state, FlowTurn turn, string after, CancellationToken cancellationToken)
    {
        if (NextStep(flow, state, after) is { } next)
        {
            state.Step = next.Name;
            await SayAsync(turn, next.Prompt(turn, state), cancellationToken);
            return (FlowProgress.Moved, state);
        }
        var end = await flow.CompleteAsync(turn, state, cancellationToken);
        if (end.Done)
        {
            return (FlowProgress.Ended, null);
        }
        if (end.BackTo is { } back)
        {
            state.Step = back;
        }
        return (FlowProgress.Moved, state);
    }

    private static FlowStep? NextStep(IFlow flow, FlowState state, string? after)
    {
        var start = after is null ? 0 : flow.Steps.ToList().FindIndex(s => s.Name == after) + 1;
        return flow.Steps.Skip(start).FirstOrDefault(s => s.When(state));
    }

    private static Task SayAsync(FlowTurn turn, string text, CancellationToken cancellationToken)
    {
        var reply = MessageFactory.Text(text);
        reply.TextFormat = TextFormatTypes.Markdown;
        return turn.Context.SendActivityAsync(reply, cancellationToken);
    }
}
