using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>The answer to 你好 or 谢谢: a short line (by name when known) and the main buttons; the overview for leaders.</summary>
/// <remarks>What a unit owes is offered to officials and admins (a leader's own unit owes none); the overview to leaders and admins.</remarks>
public sealed record WelcomeView(bool Thanks, string? Name, PersonRole Role);

public static class WelcomeCard
{
    public static JsonObject Build(WelcomeView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var name = string.IsNullOrWhiteSpace(view.Name) ? "" : (language == Language.Chinese ? "，" : ", ") + Plain(Clip(view.Name, 40));
        var actions = new List<JsonNode?>();
        if (view.Role != PersonRole.Leader)
        {
            actions.Add(Execute(T("greeting.owed"), CardVerbs.OwedShow));
        }
        actions.Add(Execute(T("greeting.overdue"), CardVerbs.OverduePage, new JsonObject { ["offset"] = 0 }));
        actions.Add(Execute(T("greeting.report"), CardVerbs.TasksPage, new JsonObject { ["offset"] = 0 }, primary: true));
        if (view.Role is PersonRole.Leader or PersonRole.Admin)
        {
            actions.Add(Execute(T("greeting.overview"), CardVerbs.OverviewShow));
        }
        return Card([Text(T(view.Thanks ? "greeting.thanks" : "greeting.hello", name))], actions);
    }
}
