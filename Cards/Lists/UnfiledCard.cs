using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>Units that have not filed a month's report, one page from <see cref="Offset"/>.</summary>
public sealed record UnfiledView(YearMonth Month, DateOnly Today, IReadOnlyList<UnfiledUnit> Units, int Offset, JsonObject Query)
{
    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + UnfiledCard.PageSize < Units.Count ? Offset + UnfiledCard.PageSize : null;
}

public static class UnfiledCard
{
    public const int PageSize = 30;

    public static JsonObject Build(UnfiledView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var due = RectificationRules.ReportDueDate(view.Month);
        var days = due.DayNumber - view.Today.DayNumber;
        var body = new List<JsonNode?>
        {
            Text(T("unfiled.title", OwedCard.MonthName(view.Month, language)), TextStyle.Title),
            Text(days > 0 ? T("unfiled.dueIn", due.ToString("yyyy-MM-dd"), days) : days == 0 ? T("unfiled.dueToday", due.ToString("yyyy-MM-dd")) : T("unfiled.late", due.ToString("yyyy-MM-dd"), -days), TextStyle.Subtle),
            Text(view.Units.Count == 0 ? T("unfiled.none") : T("unfiled.summary", view.Units.Count)),
        };
        var late = days < 0;
        foreach (var unit in view.Units.Skip(view.Offset).Take(PageSize))
        {
            body.Add(Container(
            [
                Text((late ? T("colour.Yellow") + " " : "") + Plain(Clip(unit.Unit, 60)), TextStyle.Heading),
                Text(T("unfiled.tasks", string.Join(", ", unit.TaskNumbers.Take(40)) + (unit.TaskNumbers.Count > 40 ? "…" : "")), TextStyle.Subtle),
            ], late ? "warning" : null));
        }
        if (view.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.UnfiledPage, view.Query, next, view.Units.Count - next, language));
        }
        return Card(body);
    }
}
