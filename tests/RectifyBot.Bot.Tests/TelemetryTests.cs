using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Telemetry;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>Listeners see every RectifyBot span and measurement in the process: these tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>The bot's own spans and metrics around real turns: what they say, and that nothing personal is in them.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IAsyncLifetime, IDisposable
{
    private const string Summary = "福新泵站主体完工，遥测检查专用文字";

    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-telemetry-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private SqliteTaskStore _store = null!;

    public TelemetryTests()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RectifyTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RectifyTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meters.Start();
    }

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "telemetry.db"), matcher);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private Chat Start(string user, string locale)
    {
        var (adapter, bot, _) = BotKit.Create(_store, _store, _time, user, locale);
        return new Chat(adapter, bot);
    }

    private static JsonObject Fill(JsonObject data)
    {
        data["status"] = "InProgress";
        data["percent"] = "60";
        data["summary"] = Summary;
        data["nextSteps"] = "";
        data["measuresDone"] = "";
        data["expected"] = "";
        data["evidence"] = "";
        data["reason"] = "";
        return data;
    }

    private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Measured(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument);

    private static string? Tag(KeyValuePair<string, object?>[] tags, string key) => tags.FirstOrDefault(t => t.Key == key).Value?.ToString();

    [Theory]
    [InlineData("u-water", "zh-CN", "报告任务3进展")]
    [InlineData("u-leader", "en-US", "report progress for task 3")]
    public async Task A_report_turn_is_a_turn_span_with_its_intent_and_a_stored_report_is_counted_with_nothing_personal(string user, string locale, string ask)
    {
        var person = SampleData.People.Single(p => p.Key == user);
        var chat = Start(user, locale);
        var form = Assert.Single(Chat.Cards(await chat.SayAsync(ask)));
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(form, CardVerbs.ReportSubmit)));
        Assert.Single((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);

        var asked = Assert.Single(_spans, s => s.OperationName == "turn" && (string?)s.GetTagItem("intent") == "Report");
        Assert.Equal(("message", "msteams", "answered"), ((string?)asked.GetTagItem("activity.type"), (string?)asked.GetTagItem("channel"), (string?)asked.GetTagItem("outcome")));
        var submitted = Assert.Single(_spans, s => s.OperationName == "turn" && (string?)s.GetTagItem("intent") == "CardAction");
        Assert.Equal("invoke", (string?)submitted.GetTagItem("activity.type"));

        Assert.Single(Measured("rectifybot.turns"), m => Tag(m.Tags, "intent") == "Report" && Tag(m.Tags, "outcome") == "answered" && m.Value == 1);
        Assert.Single(Measured("rectifybot.turn.duration"), m => Tag(m.Tags, "intent") == "Report" && m.Value >= 0);
        var stored = Assert.Single(Measured("rectifybot.reports.stored"));
        Assert.Equal(("stored", 1d), (Tag(stored.Tags, "outcome"), stored.Value));

        // Pressed again: a duplicate, counted as one, and still nothing stored twice.
        await chat.ExecuteAsync(CardVerbs.ReportSubmit, Fill(Chat.ActionData(form, CardVerbs.ReportSubmit)));
        Assert.Equal(["duplicate", "stored"], Measured("rectifybot.reports.stored").Select(m => Tag(m.Tags, "outcome")).Order());

        var values = _spans.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? "")
            .Concat(_spans.Select(s => s.DisplayName))
            .Concat(_measurements.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? ""))
            .ToList();
        Assert.NotEmpty(values);
        foreach (var personal in new[] { Summary, "福新泵站", person.Key, person.Name, person.Upn!, ask })
        {
            Assert.DoesNotContain(values, v => v.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_person_not_in_the_directory_is_a_refused_turn_without_their_id()
    {
        var chat = Start("u-stranger-telemetry", "zh-CN");
        await chat.SayAsync("报告任务3进展");

        var turn = Assert.Single(_spans, s => s.OperationName == "turn");
        Assert.Equal(("Report", "refused"), ((string?)turn.GetTagItem("intent"), (string?)turn.GetTagItem("outcome")));
        Assert.Single(Measured("rectifybot.turns"), m => Tag(m.Tags, "intent") == "Report" && Tag(m.Tags, "outcome") == "refused");
        Assert.Empty(Measured("rectifybot.reports.stored"));
        Assert.DoesNotContain(_spans.SelectMany(s => s.TagObjects).Concat(_measurements.SelectMany(m => m.Tags)), t => t.Value?.ToString()?.Contains("stranger") == true);
    }

    [Fact]
    public async Task Proactive_sends_are_counted_by_kind_and_outcome_without_the_address()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var host = RectifyBot.Bot.Hosting.BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning", "--Supervision:Enabled=false"]);
        var sender = host.Services.GetRequiredService<RectifyBot.Bot.Proactive.ProactiveSender>();
        var to = connector.Personal("u-water", DateTimeOffset.UtcNow);
        var message = new RectifyBot.Dialogs.Proactive.ProactiveMessage($"telemetry-test|{to.Key}", "telemetry-test", to, Microsoft.Bot.Builder.MessageFactory.Text("本月 15 日前请报送任务 3 的进展"));

        await sender.SendAsync(message, default);
        await sender.SendAsync(message, default); // sent before: not claimed, nothing sent

        var sends = Measured("rectifybot.proactive.sends").Where(m => Tag(m.Tags, "kind") == "telemetry-test").ToList();
        Assert.Equal(["not_claimed", "sent"], sends.Select(m => Tag(m.Tags, "outcome")).Order());
        Assert.Single(connector.Received);
        Assert.DoesNotContain(sends.SelectMany(m => m.Tags), t => t.Value?.ToString() is { } v && (v.Contains("u-water") || v.Contains(to.ConversationId) || v.Contains("任务")));
    }
}
