using Microsoft.Bot.Builder;

namespace RectifyBot.Dialogs;

/// <summary>
/// What a turn has already done that its error handling must know: after a report was saved and the person was told
/// so, a later failure in the same turn (saving the conversation state, say) must not be answered with the generic
/// "something went wrong", which would read as "not saved".
/// </summary>
public static class TurnFacts
{
    private const string SavedKey = "RectifyBot.ReportSaved";

    /// <summary>Marks the turn: a report was stored (or queued durably) and the person has been told.</summary>
    public static void MarkReportSaved(ITurnContext turnContext) => turnContext.TurnState[SavedKey] = true;

    public static bool ReportSaved(ITurnContext turnContext) => turnContext.TurnState.TryGetValue(SavedKey, out var value) && value is true;
}
