using System.Globalization;
using System.Text;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs;

/// <summary>
/// What an administrator is told about the outbox: reports accepted but not yet in the shared store, and those the
/// store refused for good (kept, marked failed, never retried), with why — so nothing accepted is lost unseen; and the
/// messages the bot speaks first that were given up (the send log's records with <see cref="SendRecord.FailedAt"/>),
/// most recent first.
/// </summary>
public sealed class OutboxAnswers(ReportOutbox outbox, ISendLog sends)
{
    private const int MaxListed = 20;
    private const int MaxSendsListed = 10;

    public async Task<string> DescribeAsync(FlowTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Person.Role != PersonRole.Admin)
        {
            return turn.T("outbox.adminsOnly");
        }
        var failed = await outbox.FailedAsync(cancellationToken);
        var pending = await outbox.PendingAsync(cancellationToken);
        var givenUp = (await sends.ListSendsAsync(cancellationToken)).Where(s => s.FailedAt is not null).OrderByDescending(s => s.FailedAt).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (failed.Count == 0 && pending.Count == 0 && givenUp.Count == 0)
        {
            return turn.T("outbox.empty");
        }
        var text = new StringBuilder(turn.T("outbox.summary", pending.Count, failed.Count));
        foreach (var (heading, items) in new[] { ("outbox.failed", failed), ("outbox.pending", pending) })
        {
            if (items.Count == 0)
            {
                continue;
            }
            text.Append("\n\n**").Append(turn.T(heading)).Append("**\n");
            foreach (var item in items.Take(MaxListed))
            {
                var report = item.Report;
                text.Append("\n- ").Append(turn.T("outbox.item", report.TaskNumber, Markdown.Escape(report.ReporterName), Markdown.Escape(report.Unit),
                    PlanClock.ToPlanTime(item.QueuedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), item.Attempts,
                    Markdown.Escape(Clip(item.LastError ?? "", 200)), Markdown.Escape(report.SourceId)));
            }
            if (items.Count > MaxListed)
            {
                text.Append("\n- ").Append(turn.T("outbox.more", items.Count - MaxListed));
            }
        }
        if (givenUp.Count > 0)
        {
            text.Append("\n\n**").Append(turn.T("outbox.sendsFailed", givenUp.Count)).Append("**\n");
            foreach (var send in givenUp.Take(MaxSendsListed))
            {
                text.Append("\n- ").Append(turn.T("outbox.sendItem", Markdown.Escape(send.Key), Markdown.Escape(send.Recipient),
                    PlanClock.ToPlanTime(send.FailedAt!.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), send.Attempts,
                    Markdown.Escape(Clip(send.LastError ?? "", 200))));
            }
            if (givenUp.Count > MaxSendsListed)
            {
                text.Append("\n- ").Append(turn.T("outbox.more", givenUp.Count - MaxSendsListed));
            }
        }
        return text.ToString();
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
