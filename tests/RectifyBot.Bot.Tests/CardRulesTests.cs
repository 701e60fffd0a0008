using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Layout;
using RectifyBot.Cards.Lists;
using RectifyBot.Cards.Report;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Every card, in both languages, for empty, single and long data (with mentions, Markdown and very long unit names),
/// checked against the Adaptive Card 1.5 rules that matter in Teams.
/// </summary>
public sealed class CardRulesTests
{
    private static readonly DateOnly Today = new(2019, 3, 20);
    private const string Nasty = "<at>市长</at> **加粗** [链接](http://evil.example) `code` # 标题 | 表格 _斜体_ ";

    public static TheoryData<string, Language, string> Cases()
    {
        var data = new TheoryData<string, Language, string>();
        foreach (var card in Builders.Keys)
        {
            foreach (var language in new[] { Language.Chinese, Language.English })
            {
                foreach (var size in new[] { "empty", "single", "long" })
                {
                    data.Add(card, language, size);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_card_keeps_the_adaptive_card_rules_teams_needs(string card, Language language, string size)
    {
        var json = Builders[card](language, size);
        var problems = AdaptiveCardRules.Check(json);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(AdaptiveCard.SizeOf(json) < AdaptiveCard.MaxBytes, $"{card}/{size}: {AdaptiveCard.SizeOf(json)} bytes");
        var mentions = AdaptiveCardRules.Mentions(json);
        foreach (var text in AdaptiveCardRules.Strings(json))
        {
            // Data can never turn into a mention: the only <at> tags are the card's own mentions, each with its entity.
            var tags = System.Text.RegularExpressions.Regex.Matches(text, "<at>.*?</at>").Select(m => m.Value).ToList();
            Assert.All(tags, tag => Assert.Contains(tag, mentions));
            Assert.DoesNotContain("<at>", System.Text.RegularExpressions.Regex.Replace(text, "<at>[^<>]*</at>", ""));
        }
        foreach (var text in AdaptiveCardRules.Strings(json, markdownOnly: true))
        {
            Assert.DoesNotMatch(@"(?<!\\)\]\(http://evil", text); // nor into a link where Markdown is read: its brackets stay escaped
        }
    }

    [Fact]
    public void The_rules_catch_what_teams_refuses()
    {
        var broken = AdaptiveCard.Card([
            new JsonObject { ["type"] = "Marquee", ["text"] = "x" },
            new JsonObject { ["type"] = "TextBlock" },
            AdaptiveCard.TextInput("a", "A", "", 10),
            AdaptiveCard.TextInput("a", "A again", "", 10),
            new JsonObject { ["type"] = "TextBlock", ["text"] = "x", ["color"] = "purple" },
        ], [new JsonObject { ["type"] = "Action.Http", ["title"] = "x" }, AdaptiveCard.Execute("go", "report.delete")]);
        var problems = AdaptiveCardRules.Check(broken);
        Assert.Contains(problems, p => p.Contains("Marquee"));
        Assert.Contains(problems, p => p.Contains("TextBlock without text"));
        Assert.Contains(problems, p => p.Contains("duplicate input id a"));
        Assert.Contains(problems, p => p.Contains("purple"));
        Assert.Contains(problems, p => p.Contains("Action.Http"));
        Assert.Contains(problems, p => p.Contains("report.delete"));
    }

    private static RectificationTask Task(int number, string problem, string units, int measures = 3, DateOnly? deadline = null) => new()
    {
        Number = number,
        Problem = problem,
        Section = "(一)" + problem,
        Deadline = new Deadline(deadline ?? new DateOnly(2018, 12, 31), "2018 年底之前", DeadlineKind.Dated),
        LeadUnits = new UnitList(units, [units]),
        ResponsibleUnits = new UnitList(units + "、各区政府", [units, "各区政府"]),
        Measures = Enumerable.Range(1, measures).Select(i => $"措施{i}：" + problem).ToList(),
        Status = RectificationStatus.Lagging,
        PercentComplete = 40,
    };

    private static ProgressReport Report(int task, string text) => new()
    {
        Id = "r" + task, TaskNumber = task, Unit = text, ReporterId = "u", ReporterName = text, ReportedAt = new DateTimeOffset(2019, 3, 10, 2, 0, 0, TimeSpan.Zero),
        Period = "2019-03", Status = RectificationStatus.InProgress, PercentComplete = 40, Summary = text, NextSteps = text, Evidence = ["https://example.gov.cn/" + task],
        MeasuresDone = [1, 2], ExpectedCompletion = new DateOnly(2019, 6, 30), SourceId = "s" + task,
    };

    private static IReadOnlyList<RectificationTask> Tasks(string size) => size switch
    {
        "empty" => [],
        "single" => [Task(1, "污水直排" + Nasty, "市水务局")],
        _ => Enumerable.Range(1, 1000).Select(i => Task(i, string.Concat(Enumerable.Repeat(Nasty, 20)), "武汉经济技术开发区管委会" + new string('长', 300) + Nasty, measures: 30)).ToList(),
    };

    /// <summary>A digest with every unit called out, people with and without AAD object ids, names with markup in them.</summary>
    private static RectifyBot.Cards.Proactive.DigestView Digest(string size)
    {
        var tasks = Tasks(size);
        var units = tasks.Take(200).Select(t => new RectifyBot.Cards.Proactive.DigestUnit(t.LeadUnits.Text + t.Number, Enumerable.Range(1, t.Number % 3 * 100).ToList(), Enumerable.Range(1, 150).ToList(),
            Enumerable.Range(1, t.Number % 2 == 0 ? 20 : 1).Select(i => new RectifyBot.Cards.Proactive.DigestPerson(i % 2 == 0 ? Nasty + i : "张" + i, i % 3 == 0 ? null : $"aad-{t.Number}-{i}") { WithoutBot = i % 4 == 0 }).ToList())).ToList();
        var numbers = tasks.Select(t => t.Number).ToList();
        var changes = size == "empty" ? new RectifyBot.Cards.Proactive.DigestChanges(null, [], [], [])
            : new RectifyBot.Cards.Proactive.DigestChanges("2019-02", numbers, numbers, units.Select(u => u.Unit).ToList());
        var totals = Enum.GetValues<RectificationStatus>().ToDictionary(s => s, s => tasks.Count(t => t.Status == s));
        return new RectifyBot.Cards.Proactive.DigestView("2019-03", Today, totals, tasks.Count, changes, units);
    }

    /// <summary>Every card the bot can send, by name: (language, "empty" | "single" | "long") → card JSON. Also rendered in a browser (<see cref="CardRenderTests"/>).</summary>
    internal static readonly Dictionary<string, Func<Language, string, JsonObject>> Builders = new()
    {
        ["form"] = (language, size) =>
        {
            var task = Tasks(size).FirstOrDefault() ?? Task(1, "x", "y", measures: 0);
            var text = size == "long" ? new string('报', 2000) + Nasty : size == "single" ? Nasty : "";
            var fields = new ReportFields { Status = "Lagging", Percent = "40", Summary = text, NextSteps = text, Evidence = text, Reason = text, Expected = text };
            var errors = ReportFields.Ids.ToDictionary(id => id, id => "错误：" + Nasty);
            return ReportFormCard.Build(new ReportForm(task, Today, size == "empty" ? null : Report(1, text), fields, "0123456789abcdef", size == "long") { Errors = size == "empty" ? new Dictionary<string, string>() : errors, Banner = size == "empty" ? null : "未保存" }, language);
        },
        ["review"] = (language, size) =>
        {
            // A one-sentence report reaches the review only within the summary's limit (longer ones get the form).
            var text = size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60))[..ReportRules.MaxSummary] : size == "single" ? Nasty : "";
            return ReportReviewCard.Build(new ReportReview(3, 2, text, new ReportFields { Status = "InProgress", Percent = "60", Summary = text, NextSteps = text, Expected = text }, "0123456789abcdef", size == "long"), language);
        },
        ["saved"] = (language, size) => ReportResultCard.Build(ReportResultKind.Saved, 3, Report(3, size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty), language),
        ["already"] = (language, size) => ReportResultCard.Build(ReportResultKind.AlreadySaved, 3, Report(3, size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty), language),
        ["cancelled"] = (language, _) => ReportResultCard.Build(ReportResultKind.Cancelled, 3, null, language),
        ["queued"] = (language, size) => ReportResultCard.Build(ReportResultKind.Queued, 3, Report(3, size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty), language),
        ["picker"] = (language, size) =>
        {
            var tasks = Tasks(size);
            return TaskPickerCard.Build(new TaskPicker(Nasty, size == "empty" ? null : Nasty, tasks.Take(TaskPickerCard.PageSize).ToList(), 0, tasks.Count, Today), language);
        },
        ["owed"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var owed = tasks.Select((t, i) => new ReportObligation(t, UnitRole.Lead, new DateOnly(2019, 3, 15), i % 2 == 0 ? Report(t.Number, Nasty) : null)).ToList();
            return OwedCard.Build(new OwedView(tasks.FirstOrDefault()?.LeadUnits.Text ?? "市水务局", new YearMonth(2019, 3), Today, owed, tasks, tasks), language);
        },
        ["overdue"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var groups = Supervision.OverdueByUnit(tasks, Today, tasks.ToDictionary(t => t.Number, t => Report(t.Number, Nasty)), OverdueFilter.None, new Tasks.Units.UnitMatcher());
            var unfiled = tasks.Select(t => new UnfiledUnit(t.LeadUnits.Text + t.Number, Enumerable.Range(1, 200).ToList())).ToList();
            return OverdueCard.Build(new OverdueView(Nasty, Nasty, Today, groups, 0, unfiled, new JsonObject { ["unit"] = Nasty }), language);
        },
        ["reminder"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var unfiled = tasks.Select(t => new ReportObligation(t, UnitRole.Responsible, new DateOnly(2019, 3, 15), null)).ToList();
            return RectifyBot.Cards.Proactive.ReminderCard.Build(new RectifyBot.Cards.Proactive.ReminderView(size == "long" ? Nasty + new string('局', 300) : "市水务局", new YearMonth(2019, 3), Today, unfiled), language);
        },
        ["countdown"] = (language, size) =>
        {
            var task = Tasks(size).FirstOrDefault() ?? Task(1, "x", "y", measures: 0);
            return RectifyBot.Cards.Proactive.CountdownCard.Build(new RectifyBot.Cards.Proactive.CountdownView(task, new DateOnly(2019, 6, 30), size == "empty" ? -1 : 7), language);
        },
        ["digest"] = (language, size) => RectifyBot.Cards.Proactive.DigestCard.Build(Digest(size), language,
            new RectifyBot.Cards.Proactive.DigestShow { Refreshes = true, RefreshUserIds = size == "empty" ? [] : ["29:a", "29:b"] }),
        ["digestPreview"] = (language, size) => RectifyBot.Cards.Proactive.DigestCard.Build(Digest(size), language,
            new RectifyBot.Cards.Proactive.DigestShow { Banner = Nasty, BannerIsWarning = size == "long", PreviewId = "0123456789abcdef0123456789abcdef", CanPost = size != "empty" }),
        ["digestMine"] = (language, size) =>
        {
            var view = Digest(size);
            return RectifyBot.Cards.Proactive.DigestCard.Build(view, language, new RectifyBot.Cards.Proactive.DigestShow { Refreshes = true, ViewerUnit = view.CalledOut.LastOrDefault()?.Unit });
        },
        ["taskCard"] = (language, size) => TaskCard.Build(new TaskCardView(Tasks(size).FirstOrDefault() ?? Task(1, "x", "", measures: 0) with { LeadUnits = UnitList.Empty, ResponsibleUnits = UnitList.Empty },
            Today, size == "empty" ? null : "https://teams.microsoft.com/l/chat/0/0?users=28%3Arectifybot&message=%E4%BB%BB%E5%8A%A11"), language),
        ["taskStatus"] = (language, size) =>
        {
            var task = Tasks(size).FirstOrDefault() ?? Task(1, "x", "", measures: 0) with { LeadUnits = UnitList.Empty, ResponsibleUnits = UnitList.Empty, Goal = "" };
            return TaskStatusCard.Build(new TaskStatusView(task with { ResponsiblePersons = size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 20)) : "" }, Today,
                size == "empty" ? null : Report(1, size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty), size != "single", size != "empty"), language);
        },
        ["dueSoon"] = (language, size) =>
        {
            var tasks = Tasks(size).Select(t => t with { Deadline = new Deadline(Today.AddDays(t.Number % 30), "三十天内", DeadlineKind.Dated) }).ToList();
            return DueSoonCard.Build(new DueSoonView(size == "long" ? Nasty + new string('局', 300) : "市水务局", 30, Today, tasks, 0, new JsonObject { ["days"] = 30 }), language);
        },
        ["unitPicture"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var owed = tasks.Select((t, i) => new ReportObligation(t, UnitRole.Lead, new DateOnly(2019, 3, 15), i % 2 == 0 ? Report(t.Number, Nasty) : null)).ToList();
            var unit = size == "long" ? "武汉经济技术开发区管委会" + new string('长', 300) + Nasty : "市水务局";
            return UnitPictureCard.Build(new UnitPictureView(unit, Today, tasks, owed, size == "empty" ? null : Nasty), language);
        },
        ["unitChoice"] = (language, size) => UnitChoiceCard.Build(Tasks(size).Take(50).Select(t => (size == "long" ? Nasty : "") + "市水务局" + t.Number).ToList(), language),
        ["overview"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var units = tasks.Select(t => new OverviewUnit(t.LeadUnits.Text + t.Number, t.Number % 3, t.Number % 5, t.Number % 2)).ToList();
            return OverviewCard.Build(new OverviewView(Today, Enum.GetValues<RectificationStatus>().ToDictionary(s => s, s => tasks.Count(t => t.Status == s)), tasks.Count,
                tasks.Count, tasks.Count / 2, units.Count, units), language);
        },
        ["greeting"] = (language, size) => WelcomeCard.Build(new WelcomeView(size == "long", size == "empty" ? null : Nasty, size == "long" ? PersonRole.Leader : PersonRole.Official), language),
        ["unfiled"] = (language, size) =>
        {
            var units = Tasks(size).Select(t => new UnfiledUnit(t.LeadUnits.Text + t.Number, Enumerable.Range(1, 500).ToList())).ToList();
            return UnfiledCard.Build(new UnfiledView(new YearMonth(2019, 3), Today, units, 0, new JsonObject { ["months"] = "2019-03" }), language);
        },
    };
}

/// <summary>The Adaptive Card 1.5 rules that matter in Teams: known types, required properties, allowed values, unique input ids, our own verbs.</summary>
internal static class AdaptiveCardRules
{
    private static readonly HashSet<string> Elements = ["TextBlock", "RichTextBlock", "Image", "ImageSet", "FactSet", "Container", "ColumnSet", "ActionSet", "Table",
        "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet"];
    private static readonly HashSet<string> Actions = ["Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility"];
    private static readonly HashSet<string> Colors = new(StringComparer.OrdinalIgnoreCase) { "Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention" };
    private static readonly HashSet<string> Sizes = new(StringComparer.OrdinalIgnoreCase) { "Small", "Default", "Medium", "Large", "ExtraLarge" };
    private static readonly HashSet<string> Weights = new(StringComparer.OrdinalIgnoreCase) { "Lighter", "Default", "Bolder" };
    private static readonly HashSet<string> Styles = new(StringComparer.OrdinalIgnoreCase) { "default", "emphasis", "good", "attention", "warning", "accent" };
    private static readonly HashSet<string> ActionStyles = new(StringComparer.OrdinalIgnoreCase) { "default", "positive", "destructive" };

    /// <summary>
    /// Every string the card renders: texts, titles, facts, labels. Not action data (never shown) nor an input's value
    /// (the user's own text, kept as typed when it is refused, shown for editing and never rendered as Markdown).
    /// </summary>
    /// <remarks>With <paramref name="markdownOnly"/>, only where Teams reads Markdown (not choice titles).</remarks>
    /// <summary>The <c>&lt;at&gt;</c> texts of the card's Teams mention entities, each checked to name whom it mentions.</summary>
    public static IReadOnlyList<string> Mentions(JsonObject card) =>
        card["msteams"]?["entities"] is JsonArray entities
            ? [.. entities.Select(e =>
            {
                Assert.Equal("mention", (string?)e!["type"]);
                Assert.False(string.IsNullOrEmpty((string?)e["mentioned"]?["id"]));
                Assert.Equal($"<at>{(string?)e["mentioned"]?["name"]}</at>", (string?)e["text"]);
                return (string)e["text"]!;
            })]
            : [];

    public static IEnumerable<string> Strings(JsonNode? node, bool markdownOnly = false) => node switch
    {
        JsonObject o => o.Where(kv => kv.Key is not ("data" or "fallback") && !(markdownOnly && kv.Key == "choices")
                && !(kv.Key == "value" && ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
            .SelectMany(kv => Strings(kv.Value, markdownOnly)),
        JsonArray a => a.SelectMany(n => Strings(n, markdownOnly)),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    public static List<string> Check(JsonObject card)
    {
        var problems = new List<string>();
        if ((string?)card["type"] != "AdaptiveCard" || (string?)card["version"] != "1.5" || card["body"] is not JsonArray body)
        {
            problems.Add("not an Adaptive Card 1.5 with a body");
            return problems;
        }
        var ids = new HashSet<string>();
        CheckElements(body, problems, ids);
        CheckActions(card["actions"] as JsonArray, problems);
        return problems;
    }

    private static void CheckElements(JsonArray? elements, List<string> problems, HashSet<string> ids)
    {
        foreach (var element in elements ?? [])
        {
            var type = (string?)element?["type"] ?? "";
            if (!Elements.Contains(type))
            {
                problems.Add($"unknown element {type}");
                continue;
            }
            CheckValue(element!, "color", Colors, problems);
            CheckValue(element!, "size", Sizes, problems);
            CheckValue(element!, "weight", Weights, problems);
            CheckValue(element!, "style", type == "Input.ChoiceSet" ? new(StringComparer.Ordinal) { "compact", "expanded", "filtered" } : type.StartsWith("Input.", StringComparison.Ordinal) ? new(StringComparer.Ordinal) { "text", "tel", "url", "email", "password" } : Styles, problems);
            switch (type)
            {
                case "TextBlock" when element!["text"] is not JsonValue:
                    problems.Add("TextBlock without text");
                    break;
                case "FactSet":
                    if (element!["facts"] is not JsonArray facts || facts.Any(f => f?["title"] is not JsonValue || f?["value"] is not JsonValue))
                    {
                        problems.Add("FactSet facts need a title and a value");
                    }
                    break;
                case "Container":
                    CheckElements(element!["items"] as JsonArray ?? Missing(problems, "Container without items"), problems, ids);
                    break;
                case "ColumnSet":
                    foreach (var column in element!["columns"] as JsonArray ?? Missing(problems, "ColumnSet without columns"))
                    {
                        if ((string?)column?["type"] != "Column")
                        {
                            problems.Add("ColumnSet holds a non-Column");
                        }
                        CheckElements(column?["items"] as JsonArray, problems, ids);
                    }
                    break;
                case "ActionSet":
                    CheckActions(element!["actions"] as JsonArray ?? Missing(problems, "ActionSet without actions"), problems);
                    break;
                case { } input when input.StartsWith("Input.", StringComparison.Ordinal):
                    var id = (string?)element!["id"];
                    if (string.IsNullOrEmpty(id) || !ids.Add(id))
                    {
                        problems.Add($"missing or duplicate input id {id}");
                    }
                    if (input == "Input.ChoiceSet" && (element["choices"] is not JsonArray choices || choices.Any(c => c?["title"] is not JsonValue || c?["value"] is not JsonValue)))
                    {
                        problems.Add("ChoiceSet choices need a title and a value");
                    }
                    break;
            }
        }
    }

    private static void CheckActions(JsonArray? actions, List<string> problems)
    {
        foreach (var action in actions ?? [])
        {
            var type = (string?)action?["type"] ?? "";
            if (!Actions.Contains(type))
            {
                problems.Add($"unknown action {type}");
                continue;
            }
            if (action!["title"] is not JsonValue)
            {
                problems.Add($"{type} without a title");
            }
            CheckValue(action, "style", ActionStyles, problems);
            if (type == "Action.Execute")
            {
                var verb = (string?)action["verb"];
                if (verb is null || !CardVerbs.All.Contains(verb) || (string?)action["data"]?["verb"] != verb)
                {
                    problems.Add($"Action.Execute verb {verb} is not one the bot handles, or its data lacks it");
                }
                if (action["fallback"] is JsonObject fallback && ((string?)fallback["type"] != "Action.Submit" || (string?)fallback["data"]?["verb"] != verb))
                {
                    problems.Add("Action.Execute fallback must be an Action.Submit with the same verb");
                }
            }
        }
    }

    private static void CheckValue(JsonNode node, string property, HashSet<string> allowed, List<string> problems)
    {
        if (node[property] is JsonValue value && !allowed.Contains(value.ToString()))
        {
            problems.Add($"{node["type"]}.{property} = {value}");
        }
    }

    private static JsonArray Missing(List<string> problems, string problem)
    {
        problems.Add(problem);
        return [];
    }
}
