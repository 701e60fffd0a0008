using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Lists;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Proactive;

/// <summary>A person of a called-out unit: @mentioned in the digest when they have an AAD object id, named in plain text otherwise.</summary>
public sealed record DigestPerson(string Name, string? AadObjectId)
{
    /// <summary>They have no chat with the bot (never installed it, or blocked it): the digest names them so the office can ask them to install it.</summary>
    public bool WithoutBot { get; init; }
}

/// <summary>A unit called to speak at the dispatch meeting (表态发言): its overdue tasks, the tasks it has not reported on, its people.</summary>
public sealed record DigestUnit(string Unit, IReadOnlyList<int> Overdue, IReadOnlyList<int> Unfiled, IReadOnlyList<DigestPerson> People);

/// <summary>What changed since the last digest that was posted (<see cref="Since"/>; null: this is the first).</summary>
public sealed record DigestChanges(string? Since, IReadOnlyList<int> Completed, IReadOnlyList<int> NewlyOverdue, IReadOnlyList<string> NewlyLagging);

/// <summary>
/// The monthly dispatch digest (月度调度通报) as of a day: the tasks by status, what changed since the last digest, and the
/// units called out. Kept as posted, so the next month compares with it and a user-specific view is built from it.
/// </summary>
public sealed record DigestView(string Month, DateOnly Day, IReadOnlyDictionary<RectificationStatus, int> Totals, int Overdue, DigestChanges Changes, IReadOnlyList<DigestUnit> CalledOut)
{
    public int TaskCount => Totals.Values.Sum();
}

/// <summary>How the digest card is shown: posted in the channel, as a leader's preview with Post / Cancel, or one viewer's own.</summary>
public sealed record DigestShow
{
    /// <summary>A line above the digest: what this card is (a preview, what became of it).</summary>
    public string? Banner { get; init; }

    public bool BannerIsWarning { get; init; }

    /// <summary>A preview to post: its id, which the Post and Cancel buttons carry; Post only when there is a channel to post to.</summary>
    public string? PreviewId { get; init; }

    public bool CanPost { get; init; }

    /// <summary>The card as posted in the channel: it refreshes to each called-out person's own view.</summary>
    public bool Refreshes { get; init; }

    /// <summary>The viewer's own unit, shown first with a report button per task (a user-specific view).</summary>
    public string? ViewerUnit { get; init; }

    /// <summary>The users whose view refreshes to their own automatically (Teams allows 60; more and everyone sees the common view).</summary>
    public IReadOnlyList<string> RefreshUserIds { get; init; } = [];
}

public static class DigestCard
{
    /// <summary>Teams refreshes a card to a user-specific view for at most this many users.</summary>
    public const int MaxRefreshUsers = 60;

    public const int MaxUnits = 20;
    public const int MaxPeoplePerUnit = 6;
    public const int MaxNumbers = 30;
    public const int MaxWithoutBot = 40;

    /// <summary>A unit name longer than this (none in a real directory) gets no list button: the button carries the name.</summary>
    public const int MaxUnitInData = 100;

    public static JsonObject Build(DigestView view, Language language, DigestShow show)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var month = YearMonth.TryParse(view.Month, out var m) ? m : YearMonth.Of(view.Day);
        var mentions = new JsonArray();
        var body = new List<JsonNode?>();
        if (show.Banner is { } banner)
        {
            body.Add(Text(Plain(banner), TextStyle.Subtle, color: show.BannerIsWarning ? "warning" : null));
        }
        body.Add(Text(T("digest.title", OwedCard.MonthName(month, language)), TextStyle.Title));
        body.Add(Text(T("digest.asOf", view.Day.ToString("yyyy-MM-dd")), TextStyle.Subtle));
        body.Add(Facts(
        [
            (T("digest.total"), T("digest.tasks", view.TaskCount)),
            .. Enum.GetValues<RectificationStatus>().Select(s => (T($"status.{s}"), T("digest.tasks", view.Totals.GetValueOrDefault(s)))),
            (T("digest.overdue"), T("digest.tasks", view.Overdue)),
        ]));
        body.Add(Changes(view.Changes, T));

        if (show.ViewerUnit is { } own && view.CalledOut.FirstOrDefault(u => u.Unit == own) is { } mine)
        {
            body.Add(Container(
            [
                Text(T("digest.yours", UnitText.Show(mine.Unit)), TextStyle.Heading),
                .. UnitLines(mine, T),
                // Six report buttons at most, in rows of five: renderers refuse more than five actions in one set.
                .. mine.Overdue.Concat(mine.Unfiled).Distinct().Order().Take(6).Chunk(5)
                    .Select(row => Actions([.. row.Select(n => Execute(T("digest.report", n), CardVerbs.ReportOpen, new JsonObject { ["task"] = n }))])),
            ], "attention", separator: true));
        }

        body.Add(Text(view.CalledOut.Count == 0 ? T("digest.noneCalled") : T("digest.called", view.CalledOut.Count), TextStyle.Heading, separator: true));
        foreach (var unit in view.CalledOut.Take(MaxUnits))
        {
            body.Add(Container(
            [
                Text(UnitText.Show(unit.Unit), TextStyle.Heading),
                .. UnitLines(unit, T),
                People(unit, T, mentions),
                unit.Unit.Length <= MaxUnitInData ? Actions([Execute(T("digest.unitList"), CardVerbs.DigestUnit, new JsonObject { ["unit"] = unit.Unit, ["month"] = view.Month })]) : null,
            ], unit.Overdue.Count > 0 ? "warning" : null));
        }
        if (view.CalledOut.Count > MaxUnits)
        {
            body.Add(Text(T("digest.moreUnits", view.CalledOut.Count - MaxUnits), TextStyle.Subtle));
        }
        var withoutBot = view.CalledOut.SelectMany(u => u.People.Where(p => p.WithoutBot).Select(p => $"{Clip(p.Name, 20)}（{Clip(Tasks.Units.UnitName.Display(u.Unit), 30)}）")).ToList();
        if (withoutBot.Count > 0)
        {
            var names = string.Join(T("digest.sep"), withoutBot.Take(MaxWithoutBot)) + (withoutBot.Count > MaxWithoutBot ? T("digest.morePeople", withoutBot.Count - MaxWithoutBot) : "");
            body.Add(Text(T("escalation.notInstalled", Plain(names)), TextStyle.Subtle, separator: true));
        }

        var actions = show.PreviewId is { } id
            ? new List<JsonNode?>
            {
                show.CanPost ? Execute(T("digest.post"), CardVerbs.DigestPost, new JsonObject { ["preview"] = id }, primary: true) : null,
                Execute(T("digest.cancel"), CardVerbs.DigestCancel, new JsonObject { ["preview"] = id }),
            }
            : [Execute(T("digest.overdueList"), CardVerbs.OverduePage)];
        var card = Card(body, actions);
        if (mentions.Count > 0)
        {
            card["msteams"]!["entities"] = mentions;
        }
        if (show.Refreshes)
        {
            // The common view refreshes to each called-out person's own view (their unit first, with report buttons).
            var refresh = new JsonObject { ["action"] = Refresh(view.Month) };
            if (show.RefreshUserIds.Count is > 0 and <= MaxRefreshUsers)
            {
                refresh["userIds"] = new JsonArray([.. show.RefreshUserIds.Select(u => JsonValue.Create(u))]);
            }
            card["refresh"] = refresh;
        }
        return card;
    }

    /// <summary>The digest as plain text: the notification line, and the whole for clients that show no cards.</summary>
    public static string Summary(DigestView view, Language language) =>
        Localizer.Get(language, "digest.summary", OwedCard.MonthName(YearMonth.TryParse(view.Month, out var m) ? m : YearMonth.Of(view.Day), language),
            view.TaskCount, view.Totals.GetValueOrDefault(RectificationStatus.Completed) + view.Totals.GetValueOrDefault(RectificationStatus.SignedOff), view.Overdue, view.CalledOut.Count);

    private static JsonObject Refresh(string month)
    {
        var action = Execute("refresh", CardVerbs.DigestView, new JsonObject { ["month"] = month });
        action.Remove("fallback"); // a refresh is invoked by Teams itself, never shown as a button
        return action;
    }

    private static JsonObject Changes(DigestChanges changes, Func<string, object?[], string> t)
    {
        string T(string key, params object?[] args) => t(key, args);
        if (changes.Since is null)
        {
            return Text(T("digest.firstOne"), TextStyle.Subtle, separator: true);
        }
        var lines = new List<JsonNode?> { Text(T("digest.changesSince", changes.Since), TextStyle.Heading) };
        lines.Add(Text(T("digest.completed", changes.Completed.Count, Numbers(changes.Completed))));
        lines.Add(Text(T("digest.newlyOverdue", changes.NewlyOverdue.Count, Numbers(changes.NewlyOverdue))));
        lines.Add(Text(T("digest.newlyLagging", changes.NewlyLagging.Count, changes.NewlyLagging.Count == 0 ? "—" : Plain(Clip(string.Join("、", changes.NewlyLagging.Take(MaxNumbers)), 600)))));
        return Container(lines, separator: true);
    }

    private static IEnumerable<JsonNode?> UnitLines(DigestUnit unit, Func<string, object?[], string> t)
    {
        if (unit.Overdue.Count > 0)
        {
            yield return Text(t("colour.Red", []) + " " + t("digest.unitOverdue", [unit.Overdue.Count, Numbers(unit.Overdue)]));
        }
        if (unit.Unfiled.Count > 0)
        {
            yield return Text(t("colour.Yellow", []) + " " + t("digest.unitUnfiled", [unit.Unfiled.Count, Numbers(unit.Unfiled)]));
        }
    }

    /// <summary>
    /// The unit's people asked to speak: each with an AAD object id as a Teams mention (its <c>&lt;at&gt;</c> text matches an
    /// entity of the card, which Teams needs), the others by name. Names come from the directory; angle brackets in them
    /// are made full-width so a name can never close the mention early.
    /// </summary>
    private static JsonObject People(DigestUnit unit, Func<string, object?[], string> t, JsonArray mentions)
    {
        var named = new List<string>();
        foreach (var person in unit.People.Take(MaxPeoplePerUnit))
        {
            var name = NoTags(Clip(person.Name, 20));
            if (person.AadObjectId is { } aad)
            {
                var text = $"<at>{name}</at>";
                mentions.Add(new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = text,
                    ["mentioned"] = new JsonObject { ["id"] = aad, ["name"] = name },
                });
                named.Add(text);
            }
            else
            {
                named.Add(Plain(name));
            }
        }
        if (unit.People.Count > MaxPeoplePerUnit)
        {
            named.Add(t("digest.morePeople", [unit.People.Count - MaxPeoplePerUnit]));
        }
        return Text(named.Count == 0 ? t("digest.nobody", []) : t("digest.speak", [string.Join(t("digest.sep", []), named)]), TextStyle.Subtle);
    }

    private static string Numbers(IReadOnlyList<int> numbers) =>
        numbers.Count == 0 ? "—" : string.Join(", ", numbers.Take(MaxNumbers)) + (numbers.Count > MaxNumbers ? "…" : "");
}
