using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RectifyBot.Dialogs;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Dialogs.SignOff;
using RectifyBot.Dialogs.State;

namespace Microsoft.Extensions.DependencyInjection;

public static class DialogsServiceCollectionExtensions
{
    /// <summary>Conversation flows, intent recognition, card actions, and the bot's state kept in the task store.</summary>
    public static IServiceCollection AddRectifyDialogs(this IServiceCollection services)
    {
        services.AddOptions<DialogsOptions>().BindConfiguration("Dialogs").Validate(o => o.FlowIdleMinutes > 0, "Dialogs:FlowIdleMinutes must be positive.").ValidateOnStart();
        // State:Provider: the task store's own state (one host) or Azure Blob Storage (hosts behind a load balancer).
        services.AddOptions<StateOptions>().BindConfiguration(StateOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsValidator>();
        services.AddSingleton<StoreBackedStorage>();
        services.AddSingleton<IStorage>(sp => sp.GetRequiredService<IOptions<StateOptions>>().Value is { IsBlobs: true } state
            ? new BlobsStorage(state.Blobs.ConnectionString!, state.Blobs.Container, sp.GetRequiredService<ILogger<BlobsStorage>>())
            : sp.GetRequiredService<StoreBackedStorage>());
        services.AddSingleton<ConversationState>();
        // Flows and lists belong to the person who started them: in a group chat or channel each member has their own.
        services.AddSingleton<PrivateConversationState>();
        services.AddSingleton<ITeamsRoster, TeamsRoster>();
        services.AddSingleton<PersonResolver>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportFlow>();
        services.AddSingleton<IFlow>(sp => sp.GetRequiredService<ReportFlow>());
        services.AddSingleton<ReportConversation>();
        services.AddSingleton<SupervisionQueries>();
        services.AddSingleton<TaskSearch>();
        services.AddSingleton<PlanAnswers>();
        services.AddSingleton<AuditAnswers>();
        services.AddSingleton<CardActionRouter>();
        services.AddSingleton<TextAnswers>();
        services.AddSingleton<OutboxAnswers>();
        services.AddSingleton<CommandTable>();
        services.TryAddSingleton(_ => IntentModel.Shared); // trained from the corpus once per process, at first use
        services.AddSingleton<MessageRouter>();
        // Per-turn rules on the adapter, in this order after the host's own (tenant allow-list).
        services.AddSingleton<IMiddleware, IdentityMiddleware>();
        services.AddSingleton<ConversationCapture>();
        services.AddSingleton<ReminderPlanner>();
        services.AddSingleton<ReminderSettingsAnswer>();
        services.AddSingleton<ReminderMutes>();
        services.AddSingleton<MuteReminderAnswer>();
        services.AddSingleton<SendFailureNotice>();
        services.AddSingleton<DigestChannel>();
        services.AddSingleton<DigestArchive>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<MonthlyDigest>();
        services.AddSingleton<SignOffRequests>();
        services.AddSingleton<SignOffActions>();
        services.AddOptions<RectifyBot.Tasks.Rhythm.RhythmOptions>().BindConfiguration(RectifyBot.Tasks.Rhythm.RhythmOptions.Section);
        services.AddSingleton(sp => new RectifyBot.Tasks.Rhythm.RhythmSchedule(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RectifyBot.Tasks.Rhythm.RhythmOptions>>().Value));
        services.AddSingleton<IRhythmPlanner>(sp => sp.GetRequiredService<ReminderPlanner>());
        services.AddSingleton<IRhythmPlanner, EscalationPlanner>();
        services.AddSingleton<IRhythmPlanner, CountdownPlanner>();
        services.AddSingleton<IRhythmPlanner, DigestPlanner>();
        services.TryAddSingleton<RectifyBot.Tasks.Import.DeadlineReader>();
        services.AddSingleton<RectifyBot.Dialogs.Notices.NoticeRequest>();
        services.AddSingleton<RectifyBot.Dialogs.Notices.NoticeDesk>();
        services.AddSingleton<IRhythmPlanner, RectifyBot.Dialogs.Notices.NoticeReturnPlanner>();
        services.AddSingleton<IRhythmPlanner, SignOffPlanner>();
        services.AddSingleton<IRhythmPlanner, RectifyBot.Dialogs.Filing.QuarterFilingPlanner>();
        services.AddSingleton<RectifyBot.Dialogs.Filing.QuarterFilingAnswer>();
        services.AddSingleton<RectifyBot.Dialogs.Files.FileMaker>();
        services.AddSingleton<RectifyBot.Dialogs.Files.FileOffers>();
        services.AddHttpClient(RectifyBot.Dialogs.Files.FileOffers.HttpClientName);
        services.AddSingleton<IMiddleware>(sp => sp.GetRequiredService<ConversationCapture>());
        return services;
    }

    private sealed class StateOptionsValidator : IValidateOptions<StateOptions>
    {
        public ValidateOptionsResult Validate(string? name, StateOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
