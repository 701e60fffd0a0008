using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace RectifyBot.Tasks.Tests.Graph;

/// <summary>The faults the stand-in injects: drawn from one seeded random (the same draws for the same order of requests).</summary>
public sealed partial class FakeGraphServer
{
    private readonly ConcurrentDictionary<string, int> _failAfterApplying = new();
    private Random _random = new(7);
    private (string List, CountdownEvent Arrived)? _gathering;
    private (string List, CountdownEvent Arrived)? _gatheringUpdates;

    /// <summary>Share of requests answered 429 or 503 (half each) with Retry-After instead.</summary>
    public double FaultRate { get; set; }

    /// <summary>Share of requests answered 429 (throttled) with Retry-After, on top of <see cref="FaultRate"/>.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Share of requests answered 503 with Retry-After, on top of the others.</summary>
    public double UnavailableRate { get; set; }

    /// <summary>Share of writes that are applied and then answered 503, as a write that timed out but landed.</summary>
    public double AppliedThenFailedRate { get; set; }

    /// <summary>Creates on this list wait this long before anything is written (a stalled request).</summary>
    public (string List, TimeSpan For)? StallCreates { get; set; }

    /// <summary>Reports Graph refuses with 400, whatever the retries (a permanent failure).</summary>
    public Func<JsonObject, bool>? RefuseReport { get; set; }

    /// <summary>Every eTag-guarded write on the tasks list answers 412, as if someone kept editing the task.</summary>
    public bool TaskWritesConflict { get; set; }

    /// <summary>Runs before a create is checked and applied (list name, fields): to make a race happen at that moment.</summary>
    public Action<string, JsonObject>? BeforeCreate { get; set; }

    public void Seed(int seed) => _random = new Random(seed);

    /// <summary>
    /// The next <paramref name="count"/> creates on this list wait for each other (up to 10 seconds), then go on
    /// together: writers on several hosts that all looked and found nothing, racing to create.
    /// </summary>
    public void GatherCreates(string listName, int count) => _gathering = (listName, new CountdownEvent(count));

    /// <summary>
    /// The next <paramref name="count"/> field updates on this list wait for each other (up to 10 seconds), then go on
    /// together: writers on several hosts that all read the same eTag.
    /// </summary>
    public void GatherUpdates(string listName, int count) => _gatheringUpdates = (listName, new CountdownEvent(count));

    private Task GatheredAsync(string listName) => GatheredAsync(_gathering, listName);

    private static async Task GatheredAsync((string List, CountdownEvent Arrived)? gathered, string listName)
    {
        if (gathered is not { } gathering || gathering.List != listName || gathering.Arrived.IsSet)
        {
            return;
        }
        gathering.Arrived.Signal();
        var waited = TimeSpan.Zero;
        while (!gathering.Arrived.IsSet && waited < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
            waited += TimeSpan.FromMilliseconds(10);
        }
    }

    /// <summary>The next <paramref name="count"/> writes on this list are applied and then answered 503 (an answer lost).</summary>
    public void FailAfterApplying(string listName, int count = 1) => _failAfterApplying[listName] = count;

    private int? Fault()
    {
        lock (_random)
        {
            var draw = _random.NextDouble();
            if (draw < FaultRate)
            {
                return _random.Next(2) == 0 ? 429 : 503;
            }
            draw -= FaultRate;
            return draw < ThrottleRate ? 429 : draw - ThrottleRate < UnavailableRate ? 503 : null;
        }
    }

    private bool AppliedThenFailed(string listName)
    {
        if (_failAfterApplying.TryGetValue(listName, out var left) && left > 0 && _failAfterApplying.TryUpdate(listName, left - 1, left))
        {
            return true;
        }
        lock (_random)
        {
            return AppliedThenFailedRate > 0 && _random.NextDouble() < AppliedThenFailedRate;
        }
    }
}
