using Microsoft.Extensions.Time.Testing;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Conversation tests over the bundled sample (Wuhan's plan and the demo directory) in a fresh SQLite file, on
/// 2019-03-20 10:00 China time unless a test moves the clock.
/// </summary>
public abstract class SamplePlanTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-sample-").FullName;

    /// <summary>The clock conversations started from now on see; a test moves it (or sets another day) before starting them.</summary>
    protected FakeTimeProvider Time { get; set; } = new(new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero));

    protected SqliteTaskStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var matcher = new UnitMatcher();
        Store = new SqliteTaskStore(Path.Combine(_folder, "sample.db"), matcher);
        await SampleData.LoadAsync(Store, new PlanImporter(Store, new TaskListParser(new DeadlineReader()), matcher));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
        return Task.CompletedTask;
    }

    /// <summary>A conversation with the real handler and services over the sample store, as <paramref name="user"/>.</summary>
    private protected Chat Start(string user = "u-water", string locale = "zh-CN", RectifyBot.Dialogs.Recognition.IntentModel? model = null)
    {
        var (adapter, bot, _) = BotKit.Create(Store, Store, Time, user, locale, model: model);
        return new Chat(adapter, bot);
    }

    protected async Task<IReadOnlyList<ProgressReport>> ReportsAsync(int task) =>
        (await Store.QueryReportsAsync(new ReportQuery { TaskNumber = task }, PageRequest.First)).Items;
}
