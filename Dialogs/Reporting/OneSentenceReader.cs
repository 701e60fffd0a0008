using RectifyBot.Tasks.Rules;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Dialogs.Reporting;

/// <summary>
/// Reads a one-sentence report (已完成60%，福新泵站主体完工，下月完成管网接驳): the percent (60%, 百分之六十, 六成),
/// the status from its words or the percent, and the sentence itself as the summary.
/// </summary>
public static class OneSentenceReader
{
    /// <param name="longTerm">The task is long-term (长期坚持): "长期坚持, 持续推进" report it done for now (completed, still reported monthly).</param>
    public static ReportFields Read(string text, bool longTerm = false)
    {
        var percent = QuantityReader.ReadPercent(text) is { } p && p.Value is >= 0 and <= 100 && p.Value == Math.Floor(p.Value) ? (int?)p.Value : null;
        var status = StatusReader.Find(text, longTerm);
        // "已完成60%" names a share done, not a finished task: completed only at 100% or with no percent at all.
        if (status == RectificationStatus.Completed && percent is not null and not 100)
        {
            status = RectificationStatus.InProgress;
        }
        status ??= percent switch
        {
            100 => RectificationStatus.Completed,
            0 => RectificationStatus.NotStarted,
            not null => RectificationStatus.InProgress,
            _ => null,
        };
        if (status == RectificationStatus.Completed && percent is null)
        {
            percent = 100;
        }
        return new ReportFields
        {
            Status = status?.ToString() ?? "",
            Percent = percent?.ToString() ?? "",
            Summary = text.Trim(),
        };
    }
}
