using Polly;
using Polly.Retry;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>
/// Retries an eTag-guarded write that met a <c>412</c> (each attempt reads the item again), without a count: bounded
/// by <see cref="GraphStoreOptions.ApplyBudgetSeconds"/> of the store's clock. No delay: every attempt is a read and a
/// write, and each round one contender wins, so n writers on one item finish in n rounds.
/// </summary>
internal static class GraphConflicts
{
    public static ResiliencePipeline Pipeline(GraphStoreOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(Math.Max(1, options.ApplyBudgetSeconds)))
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is IWrite { IsConflict: true }),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
            })
            .Build();
}

internal interface IWrite
{
    bool IsConflict { get; }
}

/// <summary>One attempt of an eTag-guarded write: done (with its value), or refused with 412 (or 409) and to be tried again.</summary>
internal sealed record Write<T>(bool IsConflict, T? Value) : IWrite;

internal static class Write
{
    public static Write<T> Done<T>(T value) => new(false, value);

    public static Write<T> Conflict<T>() => new(true, default);
}
