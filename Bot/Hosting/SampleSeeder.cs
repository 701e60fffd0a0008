using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Hosting;

/// <summary>On a first start with an empty embedded store (never the Graph store), loads the bundled sample so a newcomer can talk to the bot at once.</summary>
public sealed partial class SampleSeeder(ITaskStore store, PlanImporter importer, Microsoft.Extensions.Options.IOptions<RectifyBot.Tasks.StoreOptions> options, ILogger<SampleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.IsGraph)
        {
            return; // the shared store is never filled with demo data by itself: use `demo` deliberately
        }
        if (!await store.IsEmptyAsync(cancellationToken))
        {
            return;
        }
        var (people, plan) = await SampleData.LoadAsync(store, importer, cancellationToken);
        LogSeeded(logger, plan.TaskCount, people.Added.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The store was empty: loaded the bundled sample ({TaskCount} tasks, {PersonCount} people)")]
    private static partial void LogSeeded(ILogger logger, int taskCount, int personCount);
}
