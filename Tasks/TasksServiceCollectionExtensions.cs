using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Disclosure;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;
using Microsoft.Extensions.Logging;
using RectifyBot.Tasks.Units;

namespace Microsoft.Extensions.DependencyInjection;

public static class TasksServiceCollectionExtensions
{
    /// <summary>The rectification domain: clock, unit matching, import and the configured task store.</summary>
    public static IServiceCollection AddRectifyTasks(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddOptions<UnitsOptions>().BindConfiguration(UnitsOptions.Section);
        services.AddOptions<DisclosureOptions>().BindConfiguration(DisclosureOptions.Section)
            .Validate(o => o.Days is >= 1 and <= 366, "Disclosure:Days must be from 1 to 366.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Office) && !string.IsNullOrWhiteSpace(o.Inspection), "Disclosure:Office and Disclosure:Inspection must not be empty.")
            .ValidateOnStart();
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section)
            .Validate(o => TryPinned(o), "Clock:Today must be a date written yyyy-MM-dd, Clock:Now an instant written yyyy-MM-ddTHH:mm.")
            .ValidateOnStart();

        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value switch
        {
            { PinnedNow: { } now } => new ShiftedTimeProvider(now, TimeProvider.System),
            { PinnedToday: { } today } => new PinnedDateTimeProvider(today, TimeProvider.System),
            _ => TimeProvider.System,
        });
        services.AddSingleton(sp => new UnitMatcher(
            sp.GetRequiredService<IOptions<UnitsOptions>>().Value.Groups.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Value)));
        services.AddSingleton(sp => new SqliteTaskStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite.ResolvePath(),
            sp.GetRequiredService<UnitMatcher>(), sp.GetRequiredService<TimeProvider>()));

        // Microsoft Graph: the SharePoint lists, wrapped by the outbox of reports not yet saved (kept in the embedded file).
        services.AddSingleton<GraphRequestCounter>();
        services.AddSingleton(sp => new GraphListClient(
            GraphClientBuilder.Build(sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph, sp.GetRequiredService<GraphRequestCounter>()),
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph));
        services.AddSingleton(sp => new ReportOutbox(sp.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite.ResolvePath()));
        services.AddSingleton(sp => new GraphTaskStore(
            sp.GetRequiredService<GraphListClient>(), sp.GetRequiredService<UnitMatcher>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphTaskStore>>()));
        services.AddSingleton(sp => new OutboxTaskStore(
            sp.GetRequiredService<GraphTaskStore>(), sp.GetRequiredService<ReportOutbox>(), GraphTaskStore.IsTransient,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxTaskStore>>()));
        services.AddSingleton(sp => new OutboxDrainer(
            sp.GetRequiredService<GraphTaskStore>(), sp.GetRequiredService<ReportOutbox>(), GraphTaskStore.IsTransient, sp.GetRequiredService<ILogger<OutboxDrainer>>()));
        services.AddSingleton(sp => new GraphBotStateStore(sp.GetRequiredService<GraphListClient>()));
        services.AddSingleton(sp => new GraphConversationStore(
            sp.GetRequiredService<GraphListClient>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphConversationStore>>()));
        services.AddSingleton(sp => new GraphSendLog(
            sp.GetRequiredService<GraphListClient>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphSendLog>>()));

        services.AddSingleton<ITaskStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph
            ? sp.GetRequiredService<OutboxTaskStore>() : sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton<IBotStateStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph
            ? sp.GetRequiredService<GraphBotStateStore>() : sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph
            ? sp.GetRequiredService<GraphConversationStore>() : sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton<ISendLog>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph
            ? sp.GetRequiredService<GraphSendLog>() : sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton(sp => new GraphNoticeStore(
            sp.GetRequiredService<GraphListClient>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.Graph, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INoticeStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph
            ? sp.GetRequiredService<GraphNoticeStore>() : sp.GetRequiredService<SqliteTaskStore>());
        // The audit trail: the SQLite table for now on both; the Graph list RectifyAudit replaces it for Graph.
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton<DeadlineReader>();
        services.AddSingleton<TaskListParser>();
        services.AddSingleton<PlanImporter>();
        return services;
    }

    private static bool TryPinned(ClockOptions options)
    {
        try
        {
            _ = options.PinnedToday;
            _ = options.PinnedNow;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Says exactly what the store's configuration lacks.</summary>
    private sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, StoreOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
