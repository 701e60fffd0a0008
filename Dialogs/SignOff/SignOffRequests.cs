using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Cards.SignOff;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.SignOff;

/// <summary>
/// The sign-off card to every leader when a task is reported completed: sent right after the report is stored
/// (<see cref="ReportStoredAsync"/>), and planned again by the daily <see cref="SignOffPlanner"/> for every task awaiting
/// sign-off (a report stored later from the outbox, a send that failed). One send key per leader per completion report
/// (<c>signoff|{task}|{reportId}|{leaderKey}</c>), so whichever path goes first, each leader gets the card once.
/// </summary>
public sealed partial class SignOffRequests(ITaskStore store, IConversationStore conversations, IProactiveSender sender, ILogger<SignOffRequests> logger)
{
    public const string Kind = "signoff";

    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex CardIdShape();

    public static string Key(int task, string reportId, string leaderKey) => $"signoff|{task}|{reportId}|{leaderKey}";

    /// <summary>The card id of a report's sign-off card: the report's id (a decision on it is keyed by leader and report).</summary>
    public static string CardIdOf(ProgressReport report) =>
        CardIdShape().IsMatch(report.Id) ? report.Id : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(report.Id)))[..32].ToLowerInvariant();

    /// <summary>The completion report a leader judges: the task's newest report saying completed.</summary>
    public async Task<ProgressReport?> FinalReportAsync(int taskNumber, CancellationToken cancellationToken)
    {
        var reports = await Paging.ReadAllAsync((p, ct) => store.QueryReportsAsync(new ReportQuery { TaskNumber = taskNumber }, p, ct), cancellationToken);
        return reports.FirstOrDefault(r => r.Status == RectificationStatus.Completed);
    }

    /// <summary>
    /// Right after a report is stored: when it made its task await sign-off, the card to every leader now. A failure here
    /// never fails the report (it is stored); the daily planner sends what did not go.
    /// </summary>
    public async Task ReportStoredAsync(ProgressReport report, RectificationTask? task, CancellationToken cancellationToken)
    {
        if (task is null || report.Status != RectificationStatus.Completed || !RectificationRules.AwaitsSignOff(task))
        {
            return;
        }
        try
        {
            var people = await store.ListPeopleAsync(cancellationToken);
            var chats = await conversations.PersonalChatsAsync(cancellationToken);
            foreach (var message in Plan(task, report, people, chats))
            {
                if (message.To is { IsGone: false } to)
                {
                    await sender.SendAsync(new ProactiveMessage(message.Key, message.Kind, to, message.Activity), cancellationToken);
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotSent(logger, e, task.Number, report.Id);
        }
    }

    /// <summary>Every task awaiting sign-off, its card to every leader (the send log skips those that went).</summary>
    public async Task<IReadOnlyList<PlannedMessage>> PlanAllAsync(CancellationToken cancellationToken)
    {
        var tasks = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        var awaiting = tasks.Where(RectificationRules.AwaitsSignOff).ToList();
        if (awaiting.Count == 0)
        {
            return [];
        }
        var people = await store.ListPeopleAsync(cancellationToken);
        var chats = await conversations.PersonalChatsAsync(cancellationToken);
        var planned = new List<PlannedMessage>();
        foreach (var task in awaiting)
        {
            if (await FinalReportAsync(task.Number, cancellationToken) is { } report)
            {
                planned.AddRange(Plan(task, report, people, chats));
            }
        }
        return planned;
    }

    private static IEnumerable<PlannedMessage> Plan(RectificationTask task, ProgressReport report, IReadOnlyList<Person> people, PersonalChats chats)
    {
        var view = new SignOffView(task, report, CardIdOf(report));
        var built = new PerLanguage<(Microsoft.Bot.Schema.Attachment Card, string Summary)>(language => (Replies.Attachment(SignOffCard.Build(view, language)), SignOffCard.Summary(view, language)));
        foreach (var leader in people.Where(p => p.Role == PersonRole.Leader))
        {
            var to = chats.For(leader);
            var (card, summary) = built[RecipientLanguage.Of(to)];
            yield return new PlannedMessage(Key(task.Number, report.Id, leader.Key), Kind, leader, to, Replies.Card(card, summary));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-off cards for task {TaskNumber} (report {ReportId}) were not all sent now; the daily sign-off planner sends them")]
    private static partial void LogNotSent(ILogger logger, Exception exception, int taskNumber, string reportId);
}

/// <summary>The daily pass (<see cref="RhythmKind.SignOffRequests"/>): the sign-off card of every task awaiting sign-off, to every leader not yet sent it.</summary>
public sealed class SignOffPlanner(SignOffRequests requests) : IRhythmPlanner
{
    public RhythmKind Kind => RhythmKind.SignOffRequests;

    public Task<IReadOnlyList<PlannedMessage>> PlanAsync(RhythmOccurrence occurrence, CancellationToken cancellationToken) => requests.PlanAllAsync(cancellationToken);
}
