using RectifyBot.Cards.Filing;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Filing;

/// <summary>
/// 季度报备, quarterly filing (optionally naming the quarter): the quarter's filing cards on demand. Leaders and admins get
/// the overall card (with the workbook button), officials their own unit's card. By default the last quarter that has
/// ended; the current quarter is shown "to date"; a quarter not begun yet, or before the earliest report the bot holds,
/// is answered with why, and nothing else.
/// </summary>
public sealed class QuarterFilingAnswer(ITaskStore store, UnitMatcher matcher, INoticeStore notices)
{
    public async Task<BotReply> AnswerAsync(FlowTurn turn, Quarter? named, CancellationToken cancellationToken)
    {
        var quarter = named ?? QuarterFilingPlanner.LastEnded(turn.Today);
        var name = FilingCards.QuarterName(quarter, turn.Language);
        if (quarter.FirstDay > turn.Today)
        {
            return BotReply.Send(Replies.Text(turn.T("filing.future", name, FilingCards.QuarterName(QuarterFilingPlanner.LastEnded(turn.Today), turn.Language))));
        }
        var report = await QuarterReport.ReadAsync(store, matcher, quarter, turn.Today, cancellationToken, notices);
        if (report.FirstPeriod is { } first && quarter.LastDay < first.FirstDay)
        {
            return BotReply.Send(Replies.Text(turn.T("filing.beforePlan", name, first.ToString())));
        }
        return turn.Person.SeesEveryUnit
            ? BotReply.Send(Replies.Card(FilingCards.OverallCard(report, matcher, turn.Language), FilingCards.OverallSummary(report, matcher, turn.Language)))
            : BotReply.Send(Replies.Card(FilingCards.UnitCard(report, turn.Person.Unit, matcher, turn.Language), FilingCards.UnitSummary(report, turn.Person.Unit, matcher, turn.Language)));
    }
}
