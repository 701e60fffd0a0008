using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Dialogs;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Tests;

/// <summary>The real activity handler and services, wired as the host wires them, over a given store and clock, on a Teams TestAdapter.</summary>
internal static class BotKit
{
    /// <param name="outbox">The outbox of reports not yet in the store; by default the one in the SQLite state store's file, as the host keeps it.</param>
    public static (TestAdapter Adapter, IBot Bot, PrivateConversationState State) Create(ITaskStore store, IBotStateStore stateStore, TimeProvider time, string user, string locale,
        Dictionary<string, string?>? settings = null, ReportOutbox? outbox = null, IConversationStore? conversations = null, ISendLog? sends = null,
        RectifyBot.Dialogs.Recognition.IntentModel? model = null, INoticeStore? notices = null, IAuditLog? audit = null, RectifyBot.Dialogs.Proactive.IProactiveSender? proactive = null, Action<IServiceProvider>? built = null,
        ISignOffStore? signOffs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        services.AddSingleton(time);
        services.AddSingleton(new UnitMatcher());
        services.AddSingleton(store);
        services.AddSingleton(stateStore);
        services.AddSingleton(outbox ?? new ReportOutbox(((SqliteTaskStore)stateStore).Path));
        services.AddSingleton(conversations ?? (IConversationStore)stateStore);
        services.AddSingleton(proactive ?? new NoProactiveSender());
        // By default the notices, sign-off decisions and the audit trail in the task store's file (else the state store's), as the host keeps them.
        services.AddSingleton(notices ?? store as INoticeStore ?? (INoticeStore)stateStore);
        services.AddSingleton(signOffs ?? store as ISignOffStore ?? (ISignOffStore)stateStore);
        services.AddSingleton(audit ?? store as IAuditLog ?? (IAuditLog)stateStore);
        services.AddSingleton(sends ?? (ISendLog)stateStore); // by default the send log in the SQLite state store's file, as the host keeps it
        services.AddSingleton<AuditTrail>();
        if (model is not null)
        {
            services.AddSingleton(model); // instead of the one trained on the repository's corpus
        }
        services.AddRectifyDialogs();
        var provider = services.BuildServiceProvider();
        built?.Invoke(provider);
        var conversation = provider.GetRequiredService<PrivateConversationState>();
        var bot = new RectifyActivityHandler(provider.GetRequiredService<MessageRouter>(), conversation, provider.GetRequiredService<RectifyBot.Dialogs.Proactive.ConversationCapture>(),
            provider.GetRequiredService<RectifyBot.Dialogs.Queries.TaskSearch>(), provider.GetRequiredService<RectifyBot.Dialogs.Files.FileOffers>());
        var adapter = new TestAdapter(Channels.Msteams);
        adapter.Use(new FakeTeamsConnector());
        foreach (var middleware in provider.GetServices<IMiddleware>())
        {
            adapter.Use(middleware); // as the host's adapter uses them: the identity lookup
        }
        adapter.Conversation.User = new ChannelAccount("29:" + user, user) { AadObjectId = user };
        adapter.Locale = locale;
        return (adapter, bot, conversation);
    }
}

/// <summary>The test adapter cannot send first (no connector to continue a conversation on): a test that posts runs the host.</summary>
internal sealed class NoProactiveSender : RectifyBot.Dialogs.Proactive.IProactiveSender
{
    public Task<RectifyBot.Dialogs.Proactive.SendOutcome> SendAsync(RectifyBot.Dialogs.Proactive.ProactiveMessage message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The test adapter does not send proactive messages; run the host (BotWebHost) for that.");
}

/// <summary>The SQLite store, with report writes that fail while <see cref="FailWrites"/> is set (a disk full, a lock timeout).</summary>
internal sealed class FaultyStore(SqliteTaskStore inner) : ITaskStore
{
    public bool FailWrites { get; set; }

    public Task<ReportSubmission> SubmitReportAsync(ProgressReport report, long? expectedTaskVersion, CancellationToken cancellationToken = default) =>
        FailWrites ? throw new Microsoft.Data.Sqlite.SqliteException("database is locked", 5) : inner.SubmitReportAsync(report, expectedTaskVersion, cancellationToken);

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) => inner.IsEmptyAsync(cancellationToken);
    public Task<RectificationTask?> GetTaskAsync(int number, CancellationToken cancellationToken = default) => inner.GetTaskAsync(number, cancellationToken);
    public Task<Page<RectificationTask>> QueryTasksAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.QueryTasksAsync(query, page, cancellationToken);
    public Task<TaskWrite> UpdateTaskAsync(RectificationTask task, CancellationToken cancellationToken = default) => inner.UpdateTaskAsync(task, cancellationToken);
    public Task<TaskImportOutcome> ImportTasksAsync(IReadOnlyList<RectificationTask> tasks, CancellationToken cancellationToken = default) => inner.ImportTasksAsync(tasks, cancellationToken);
    public Task<ProgressReport?> GetReportBySourceAsync(string sourceId, CancellationToken cancellationToken = default) => inner.GetReportBySourceAsync(sourceId, cancellationToken);
    public Task<Page<ProgressReport>> QueryReportsAsync(ReportQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.QueryReportsAsync(query, page, cancellationToken);
    public Task<Person?> FindPersonAsync(string? aadObjectId, string? upn, CancellationToken cancellationToken = default) => inner.FindPersonAsync(aadObjectId, upn, cancellationToken);
    public Task<IReadOnlyList<Person>> ListPeopleAsync(CancellationToken cancellationToken = default) => inner.ListPeopleAsync(cancellationToken);
    public Task<PeopleOutcome> UpsertPeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken = default) => inner.UpsertPeopleAsync(people, cancellationToken);
}
