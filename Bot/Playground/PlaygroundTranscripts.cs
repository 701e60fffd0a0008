using System.Collections.Concurrent;
using Microsoft.Bot.Schema;

namespace RectifyBot.Bot.Playground;

/// <summary>
/// The playground's conversations: for each, the activities in the order the page is to receive them, the index of each
/// being its watermark. An update (a card replaced in place) is appended again with the same id, as Direct Line delivers
/// it. Held in memory on purpose: it is a local page's transcript, not the bot's data (the bot's state and reports are in
/// the store); a restart starts new conversations. At most <see cref="MaxConversations"/> conversations (the oldest is
/// dropped) of at most <see cref="MaxActivities"/> activities each.
/// </summary>
public sealed class PlaygroundTranscripts(TimeProvider time)
{
    public const int MaxConversations = 200;
    public const int MaxActivities = 2_000;

    private readonly ConcurrentDictionary<string, Transcript> _conversations = new();

    public Transcript Start()
    {
        var transcript = new Transcript(Guid.NewGuid().ToString("N"), time.GetUtcNow());
        _conversations[transcript.Id] = transcript;
        if (_conversations.Count > MaxConversations)
        {
            var oldest = _conversations.Values.OrderBy(t => t.Started).First();
            _conversations.TryRemove(oldest.Id, out _);
        }
        return transcript;
    }

    public Transcript? Find(string id) => _conversations.TryGetValue(id, out var transcript) ? transcript : null;

    public DateTimeOffset Now => time.GetUtcNow();

    public sealed class Transcript(string id, DateTimeOffset started)
    {
        private readonly List<Activity> _activities = [];
        private int _sequence;

        public string Id { get; } = id;
        public DateTimeOffset Started { get; } = started;

        /// <summary>Gives the activity the next id (<c>conversation|0000001</c>) unless it is an update, and appends it.</summary>
        public string Append(Activity activity, bool keepId = false)
        {
            lock (_activities)
            {
                if (!keepId || string.IsNullOrEmpty(activity.Id))
                {
                    activity.Id = $"{Id}|{++_sequence:D7}";
                }
                if (_activities.Count >= MaxActivities)
                {
                    throw new InvalidOperationException($"The playground conversation {Id} holds {MaxActivities} activities; start a new one.");
                }
                _activities.Add(activity);
                return activity.Id;
            }
        }

        /// <summary>The latest version of the activity with this id, or null.</summary>
        public Activity? Find(string activityId)
        {
            lock (_activities)
            {
                return _activities.LastOrDefault(a => a.Id == activityId);
            }
        }

        /// <summary>The activities after <paramref name="watermark"/> and the new watermark.</summary>
        public (IReadOnlyList<Activity> Activities, int Watermark) Since(int watermark)
        {
            lock (_activities)
            {
                var from = Math.Clamp(watermark, 0, _activities.Count);
                return (_activities.GetRange(from, _activities.Count - from), _activities.Count);
            }
        }
    }
}
