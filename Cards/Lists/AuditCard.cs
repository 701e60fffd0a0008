using System.Globalization;
using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>
/// A task's audit trail (<paramref name="TaskNumber"/> set, every entry, oldest first, one page from <paramref name="Offset"/>),
/// or the latest entries across the plan (<paramref name="TaskNumber"/> null, oldest of them first).
/// </summary>
public sealed record AuditView(int? TaskNumber, string? TaskTitle, IReadOnlyList<AuditEntry> Entries, int Offset, JsonObject Query)
{
    /// <summary>Where the next page starts, or null when this page is the last (the plan's latest entries are one page).</summary>
    public int? NextOffset => TaskNumber is not null && Offset + AuditCard.PageSize < Entries.Count ? Offset + AuditCard.PageSize : null;
}

/// <summary>The audit trail as a timeline: when (China time), who, what in words, the ids and details; refused attempts marked.</summary>
public static class AuditCard
{
    public const int PageSize = 20;

    public static JsonObject Build(AuditView view, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        if (view.Entries.Count == 0)
        {
            return Card([Text(view.TaskNumber is { } none ? T("audit.noneForTask", none) : T("audit.none"))]);
        }
        var body = new List<JsonNode?>
        {
            Text(view.TaskNumber is { } number ? T("audit.title", number, Plain(Clip(view.TaskTitle ?? "", 60))) : T("audit.titleLatest", view.Entries.Count), TextStyle.Title),
            Text(view.TaskNumber is null ? T("audit.summaryLatest") : T("audit.summary", view.Entries.Count, view.Entries.Count(e => e.Refused)), TextStyle.Subtle),
        };
        foreach (var entry in view.Entries.Skip(view.Offset).Take(PageSize))
        {
            body.Add(Line(entry, view.TaskNumber is null, language));
        }
        if (view.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.AuditPage, view.Query, next, view.Entries.Count - next, language));
        }
        return Card(body);
    }

    /// <summary>One entry: "2019-03-10 10:00 · 王敏 · 报送进展", then its ids and details; a refused attempt in red, said so.</summary>
    public static JsonObject Line(AuditEntry entry, bool showTask, Language language)
    {
        var when = PlanClock.ToPlanTime(entry.At).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var what = ActionName(entry.Action, language);
        var head = $"{when} · {Plain(Clip(entry.ActorName, 40))} · **{what}**";
        if (showTask && entry.TaskNumber is { } task)
        {
            head += " · " + Localizer.Get(language, "audit.task", task);
        }
        if (entry.Refused)
        {
            head = Localizer.Get(language, "audit.refused") + " " + head;
        }
        var items = new List<JsonNode?> { Text(head, color: entry.Refused ? "Attention" : null) };
        var detail = string.Join(" · ", new[] { entry.Subject, entry.Details }.Where(s => s.Length > 0).Select(s => Plain(Clip(s, 300))));
        if (detail.Length > 0)
        {
            items.Add(Text(detail, TextStyle.Subtle));
        }
        return Container(items, separator: true);
    }

    /// <summary>The action in words (<c>audit.action.*</c>); an action this build has no words for is shown as recorded.</summary>
    public static string ActionName(string action, Language language) =>
        Localizer.Keys(language).Contains("audit.action." + action) ? Localizer.Get(language, "audit.action." + action) : action;
}
