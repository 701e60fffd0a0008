using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace Microsoft.Extensions.DependencyInjection;

public static class TasksServiceCollectionExtensions
{
    /// <summary>The rectification domain: clock, unit matching, import and the configured task store.</summary>
    public static IServiceCollection AddRectifyTasks(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section)
            .Validate(o => string.Equals(o.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase),
                "Store:Provider must be Sqlite: the Microsoft Graph store is not part of this build yet.")
            .ValidateOnStart();
        services.AddOptions<UnitsOptions>().BindConfiguration(UnitsOptions.Section);
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section)
            .Validate(o => TryPinned(o), "Clock:Today must be a date written yyyy-MM-dd.")
            .ValidateOnStart();

        services.AddSingleton<TimeProvider>(sp =>
            sp.GetRequiredService<IOptions<ClockOptions>>().Value.PinnedToday is { } today
                ? new PinnedDateTimeProvider(today, TimeProvider.System)
                : TimeProvider.System);
        services.AddSingleton(sp => new UnitMatcher(
            sp.GetRequiredService<IOptions<UnitsOptions>>().Value.Groups.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Value)));
        services.AddSingleton(sp => new SqliteTaskStore(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite.ResolvePath(),
            sp.GetRequiredService<UnitMatcher>()));
        services.AddSingleton<ITaskStore>(sp => sp.GetRequiredService<SqliteTaskStore>());
        services.AddSingleton<IBotStateStore>(sp => sp.GetRequiredService<SqliteTaskStore>());
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
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
