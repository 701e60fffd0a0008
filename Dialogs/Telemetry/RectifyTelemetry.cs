using System.Diagnostics;
using System.Diagnostics.Metrics;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Telemetry;

/// <summary>
/// The bot's own traces and metrics, under one name (<see cref="Name"/>) for the host's OpenTelemetry to listen to.
/// Tags carry only kinds and outcomes — never a message's text, a person's name or id, or a report's content.
/// </summary>
public static class RectifyTelemetry
{
    public const string Name = "RectifyBot";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Turns handled; tags <c>intent</c>, <c>outcome</c> (answered, refused, error).</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("rectifybot.turns", "{turn}", "Turns handled, by intent and outcome");

    /// <summary>How long a turn took; tag <c>intent</c>.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("rectifybot.turn.duration", "ms", "Time to handle a turn");

    /// <summary>Report submissions reaching the store; tag <c>outcome</c> (stored, duplicate, queued, stale, task_not_found).</summary>
    public static readonly Counter<long> ReportsStored = Meter.CreateCounter<long>("rectifybot.reports.stored", "{report}", "Report submissions, by the store's outcome");

    /// <summary>Proactive sends; tags <c>kind</c> (the send kind's constant name), <c>outcome</c>.</summary>
    public static readonly Counter<long> ProactiveSends = Meter.CreateCounter<long>("rectifybot.proactive.sends", "{send}", "Proactive sends, by kind and outcome");

    public static TurnScope StartTurn(string? activityType, string? channel) => new(activityType ?? "", channel ?? "");

    public static void ReportSubmitted(ReportOutcome outcome) =>
        ReportsStored.Add(1, new KeyValuePair<string, object?>("outcome", Snake(outcome.ToString())));

    public static void ProactiveSent(string kind, SendOutcome outcome) =>
        ProactiveSends.Add(1, new("kind", kind), new("outcome", Snake(outcome.ToString())));

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>One turn: a <c>turn</c> span, and on dispose the turn's count and duration.</summary>
    public sealed class TurnScope : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly Activity? _activity;
        private string _intent = "Unknown";

        internal TurnScope(string activityType, string channel)
        {
            _activity = Source.StartActivity("turn", ActivityKind.Internal);
            _activity?.SetTag("activity.type", activityType);
            _activity?.SetTag("channel", channel);
        }

        /// <summary>What the turn was recognized as: a command kind's name, or a fixed word such as CardAction.</summary>
        public string Intent
        {
            get => _intent;
            set
            {
                _intent = value;
                _activity?.SetTag("intent", value);
            }
        }

        public string Outcome { get; set; } = "answered";

        public void Failed(Exception e)
        {
            Outcome = "error";
            _activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        }

        public void Dispose()
        {
            _activity?.SetTag("intent", _intent);
            _activity?.SetTag("outcome", Outcome);
            _activity?.Dispose();
            Turns.Add(1, new("intent", _intent), new("outcome", Outcome));
            TurnDuration.Record(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, new KeyValuePair<string, object?>("intent", _intent));
        }
    }
}
