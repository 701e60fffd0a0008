using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Dialogs.State;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Several hosts behind a load balancer sharing one conversation state in Blob Storage (<c>State:Provider=Blobs</c>):
/// a conversation goes on whichever host takes its turn, and two hosts never silently overwrite each other's state.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobsScaleOutTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-scaleout-").FullName;
    private readonly string _container = AzuriteFixture.NewContainer();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));
    private SqliteTaskStore _store = null!;

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        _store = new SqliteTaskStore(Path.Combine(_folder, "tasks.db"), matcher);
        await SampleData.LoadAsync(_store, new PlanImporter(_store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["State:Provider"] = "Blobs",
        ["State:Blobs:ConnectionString"] = azurite.ConnectionString,
        ["State:Blobs:Container"] = _container,
    };

    /// <summary>A host: its own services and storage object, the shared task store and Blob container.</summary>
    private Chat Host(string locale, IServiceProvider[]? captured = null, int index = 0)
    {
        var (adapter, bot, _) = BotKit.Create(_store, _store, _time, "u-water", locale, Settings(), built: sp =>
        {
            if (captured is not null)
            {
                captured[index] = sp;
            }
        });
        return new Chat(adapter, bot);
    }

    [Fact]
    public void The_configured_storage_is_blob_storage()
    {
        var hosts = new IServiceProvider[1];
        Host("zh-CN", hosts);
        Assert.IsType<BlobsStorage>(hosts[0].GetRequiredService<IStorage>());
    }

    [Fact]
    public async Task Two_hosts_writing_the_same_conversation_state_one_wins_and_the_other_is_refused()
    {
        IStorage first = new BlobsStorage(azurite.ConnectionString, _container), second = new BlobsStorage(azurite.ConnectionString, _container);
        var firstState = new ConversationState(first);
        var secondState = new ConversationState(second);
        var step = firstState.CreateProperty<string>("step");
        var otherStep = secondState.CreateProperty<string>("step");
        var adapter = new TestAdapter(Channels.Msteams);
        var turnA = new TurnContext(adapter, Message(adapter, "a"));
        var turnB = new TurnContext(adapter, Message(adapter, "b"));
        await step.SetAsync(turnA, "started");
        await firstState.SaveChangesAsync(turnA);

        // Both hosts load the same version of the conversation state...
        var hostA = new TurnContext(adapter, Message(adapter, "c"));
        Assert.Equal("started", await step.GetAsync(hostA, () => ""));
        Assert.Equal("started", await otherStep.GetAsync(turnB, () => ""));
        // ...the first to save wins...
        await step.SetAsync(hostA, "host A's answer");
        await firstState.SaveChangesAsync(hostA);
        // ...and the second is refused rather than overwriting it.
        await otherStep.SetAsync(turnB, "host B's answer");
        await Assert.ThrowsAsync<StateConflictException>(() => secondState.SaveChangesAsync(turnB));

        var fresh = new ConversationState(new BlobsStorage(azurite.ConnectionString, _container));
        var reread = new TurnContext(adapter, Message(adapter, "d"));
        Assert.Equal("host A's answer", await fresh.CreateProperty<string>("step").GetAsync(reread, () => ""));
    }

    [Theory]
    [InlineData("zh-CN", "报告任务3进展", "推进中", "完成比例是多少", "同时处理")]
    [InlineData("en-US", "update task 3", "in progress", "What percent is complete?", "at the same time as another one")]
    public async Task A_turn_that_lost_a_race_to_another_host_is_told_to_send_again_and_the_winners_state_is_kept(
        string locale, string start, string answer, string next, string told)
    {
        var (adapter, bot, conversation) = BotKit.Create(_store, _store, _time, "u-water", locale, Settings());
        adapter.OnTurnError = new RectifyAdapter(new Microsoft.Bot.Connector.Authentication.PasswordServiceClientCredentialFactory().ToBotFrameworkAuthentication(),
            conversation, [], Microsoft.Extensions.Logging.Abstractions.NullLogger<RectifyAdapter>.Instance).OnTurnError;
        var otherHost = new BlobsStorage(azurite.ConnectionString, _container);
        var race = new RaceOnFirstReply(otherHost, ListKeysAsync);
        adapter.Use(race);
        var chat = new Chat(adapter, bot);
        Assert.NotEmpty(await chat.SayAsync(start));
        var stateAfterStart = await otherHost.ReadAsync([.. await ListKeysAsync()]);

        // While this host answers, another host saves a turn of the same conversation: this host's save is refused.
        race.Armed = true;
        var raced = Chat.Text(await chat.SayAsync(answer));
        Assert.Contains(told, raced);
        Assert.Equal(1, race.Raced);
        // The other host's state is what is stored (not cleared, not overwritten), and the answer sent again goes on from it.
        var stored = await otherHost.ReadAsync([.. stateAfterStart.Keys]);
        Assert.Equal(stateAfterStart.Keys.Order(), stored.Keys.Order());
        Assert.Contains(next, Chat.Text(await chat.SayAsync(answer)));
        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
    }

    /// <summary>When armed, at the bot's first reply of a turn another host rewrites the conversation's state (a turn it finished meanwhile).</summary>
    private sealed class RaceOnFirstReply(IStorage otherHost, Func<Task<IEnumerable<string>>> keys) : IMiddleware
    {
        public bool Armed { get; set; }

        public int Raced { get; private set; }

        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            turnContext.OnSendActivities(async (_, activities, send) =>
            {
                if (Armed)
                {
                    Armed = false;
                    var state = await otherHost.ReadAsync([.. await keys()]);
                    await otherHost.WriteAsync(state);
                    Raced++;
                }
                return await send();
            });
            return next(cancellationToken);
        }
    }

    private static Activity Message(TestAdapter adapter, string text)
    {
        var activity = adapter.MakeActivity(text);
        activity.ChannelId = Channels.Msteams;
        return activity;
    }

    private async Task<IEnumerable<string>> ListKeysAsync()
    {
        var container = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, _container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(Uri.UnescapeDataString(blob.Name));
        }
        return names;
    }

    [Fact]
    public async Task A_text_report_whose_turns_alternate_between_two_hosts_is_saved_once_and_right()
    {
        var hostA = Host("en-US");
        var hostB = Host("en-US");
        Chat[] hosts = [hostA, hostB];
        var turn = 0;
        Task<IReadOnlyList<IActivity>> Say(string text) => hosts[turn++ % 2].SayAsync(text);

        Assert.Contains("What is the status of task 3?", Chat.Text(await Say("update task 3")));
        Assert.Contains("What percent is complete?", Chat.Text(await Say("in progress")));
        Assert.Contains("What was done this period", Chat.Text(await Say("65%")));
        Assert.Contains("next steps", Chat.Text(await Say("Pump station built; 3 km of pipe laid")));
        Assert.Contains("Which are done?", Chat.Text(await Say("none")));
        Assert.Contains("expect to complete", Chat.Text(await Say("1, 3")));
        Assert.Contains("evidence links", Chat.Text(await Say("end of June")));
        Assert.Contains("Status: in progress · 65%", Chat.Text(await Say("https://example.gov.cn/pump.jpg")));
        Assert.Empty((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);

        Assert.Contains("Saved the 2019-03 progress report for task 3", Chat.Text(await Say("confirm")));
        var report = Assert.Single((await _store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        Assert.Equal((65, "Pump station built; 3 km of pipe laid", new DateOnly(2019, 6, 30)), (report.PercentComplete, report.Summary, report.ExpectedCompletion));
        Assert.Equal([1, 3], report.MeasuresDone);
        Assert.Contains("Nothing is in progress", Chat.Text(await Say("cancel")));
    }

    [Theory]
    [InlineData(null, null, "State:Blobs:ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "Rectify_State", "State:Blobs:Container")]
    public void Blobs_without_what_it_needs_is_refused_at_start_saying_what_is_missing(string? connection, string? container, string named)
    {
        var settings = new Dictionary<string, string?> { ["State:Provider"] = "Blobs", ["State:Blobs:ConnectionString"] = connection };
        if (container is not null)
        {
            settings["State:Blobs:Container"] = container;
        }
        var refused = Assert.Throws<OptionsValidationException>(() => Options(settings));
        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_blobs_and_no_connection_string_and_says_what_is_missing()
    {
        await using var app = RectifyBot.Bot.Hosting.BotWebHost.Build([
            "--Urls=http://127.0.0.1:0", $"--Store:Sqlite:Path={Path.Combine(_folder, "host.db")}", "--Supervision:Enabled=false",
            "--Logging:LogLevel:Default=None", "--State:Provider=Blobs"]);
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("State:Provider=Blobs needs State:Blobs:ConnectionString", refused.Message);
    }

    [Fact]
    public async Task Blob_storage_that_cannot_be_reached_reads_as_empty_and_the_turn_goes_on_as_with_the_embedded_store()
    {
        int closed;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closed = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        var unreachable = new BlobsStorage(azurite.ConnectionString.Replace(azurite.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/", closed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/", StringComparison.Ordinal), _container);
        Assert.Empty(await unreachable.ReadAsync(["conversation/1"]));
        var note = new StorageContractTests.Note { Text = "not kept" };
        await unreachable.WriteAsync(new Dictionary<string, object> { ["conversation/1"] = note });
        Assert.Equal("", note.ETag); // nothing was written, so no eTag was given
    }

    [Fact]
    public void An_unknown_provider_is_refused_and_the_default_is_the_task_stores_state()
    {
        Assert.Contains("State:Provider «Cosmos»", Assert.Throws<OptionsValidationException>(() => Options(new() { ["State:Provider"] = "Cosmos" })).Message);
        var defaults = Options([]);
        Assert.Equal((false, "rectifybot-state"), (defaults.IsBlobs, defaults.Blobs.Container));
    }

    private static StateOptions Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddRectifyDialogs();
        return services.BuildServiceProvider().GetRequiredService<IOptions<StateOptions>>().Value;
    }
}
