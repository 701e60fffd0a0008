using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Queries;

/// <summary>
/// <c>审计记录 任务3</c> / <c>audit task 3</c>: a task's history as a timeline, for Leaders and Admins; without a task, the
/// latest entries across the plan. Anyone else is refused with why, and the refusal is itself on the trail.
/// </summary>
public sealed class AuditAnswers(ITaskStore store, AuditTrail audit, TimeProvider time)
{
    /// <summary>How far back the plan's latest entries are looked for first; further only when that window holds too few.</summary>
    private static readonly TimeSpan LatestWindow = TimeSpan.FromDays(31);

    public async Task<BotReply> TrailAsync(FlowTurn turn, int? taskNumber, int offset, CancellationToken cancellationToken)
    {
        if (!turn.Person.SeesEveryUnit)
        {
            var id = turn.Context.Activity.Id;
            await audit.RefusedAsync(AuditActor.Of(turn.Person), AuditActions.AuditViewed, taskNumber, "audit trail",
                $"refused: only Leaders and Admins may read the audit trail; {turn.Person.Role}", string.IsNullOrEmpty(id) ? null : $"refused:audit:{id}", cancellationToken);
            return BotReply.Send(Replies.Text(turn.T("audit.refused.role")));
        }
        if (taskNumber is not { } number)
        {
            return BotReply.Send(Replies.Card(AuditCard.Build(await LatestAsync(cancellationToken), turn.Language)));
        }
        if (await store.GetTaskAsync(number, cancellationToken) is not { } task)
        {
            return BotReply.Send(Replies.Text(turn.T("audit.unknownTask", number)));
        }
        var entries = await audit.Log.ReadAllAuditAsync(new AuditQuery { TaskNumber = number }, cancellationToken);
        var query = new JsonObject { ["task"] = number };
        var view = new AuditView(number, task.Problem, entries, Math.Clamp(offset, 0, Math.Max(0, entries.Count - 1)), query);
        return BotReply.Lists([new ListReply(Replies.Card(AuditCard.Build(view, turn.Language)), SupervisionQueries.Continue(CardVerbs.AuditPage, query, view.NextOffset))]);
    }

    /// <summary>The plan's latest <see cref="AuditCard.PageSize"/> entries, oldest of them first: the last month's, or all when it holds fewer.</summary>
    private async Task<AuditView> LatestAsync(CancellationToken cancellationToken)
    {
        var recent = await audit.Log.ReadAllAuditAsync(new AuditQuery { From = time.GetUtcNow() - LatestWindow }, cancellationToken);
        var entries = recent.Count >= AuditCard.PageSize ? recent : await audit.Log.ReadAllAuditAsync(AuditQuery.All, cancellationToken);
        return new AuditView(null, null, entries.TakeLast(AuditCard.PageSize).ToList(), 0, []);
    }
}
