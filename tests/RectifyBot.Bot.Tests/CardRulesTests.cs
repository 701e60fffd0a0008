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

    /// <summary>
    /// The lines of a list card a reader scans: its top-level containers that hold an item (a title and a detail line, or a
    /// line with its button), not its headings, notes or buttons.
    /// </summary>
    internal static int ItemLines(JsonObject card) =>
        (card["body"] as JsonArray ?? []).Count(e => (string?)e?["type"] == "Container" && e["items"] is JsonArray items
            && (items.Count >= 2 || items.Any(i => (string?)i?["type"] == "ColumnSet")));

    private static int Buttons(JsonObject card, string verb) =>
        Walk(card).Count(n => (string?)n["type"] == "Action.Execute" && (string?)n["verb"] == verb);

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.Where(kv => kv.Key != "data").SelectMany(kv => Walk(kv.Value))],
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    /// <summary>Tasks overdue by 1 to <paramref name="count"/> days, each naming two lead and twelve responsible units (14 in all).</summary>
    private static List<OverdueTask> OverdueTasks(int count, out IReadOnlyList<UnitOverdue> units)
    {
        var lead = new[] { "市委办公厅", "市政府办公厅" };
        var responsible = Enumerable.Range(1, 11).Select(i => $"市第{i}局").Append("各区政府(管委会)").ToArray();
        var tasks = Enumerable.Range(1, count).Select(i => Task(i, "问题" + i, "x") with
        {
            Deadline = new Deadline(Today.AddDays(-i), "", DeadlineKind.Dated),
            LeadUnits = new UnitList(string.Join("、", lead), lead),
            // One task writes the collective name with full-width parentheses, as a directory might.
            ResponsibleUnits = new UnitList("", i == 1 ? [.. responsible[..^1], "各区政府（管委会）"] : responsible),
        }).ToList();
        var matcher = new Tasks.Units.UnitMatcher();
        units = Supervision.RankUnits(Supervision.OverdueByUnit(tasks, Today, new Dictionary<int, ProgressReport>(), OverdueFilter.None, matcher));
        return [.. Supervision.OverdueTasks(tasks, Today, OverdueFilter.None, matcher)];
    }

    private static JsonObject OverdueOf(int count, OverdueLayout layout, Language language)
    {
        var tasks = OverdueTasks(count, out var units);
        return OverdueCard.Build(new OverdueView("全部单位", "", Today, tasks, units, layout, 0, null, []), language);
    }

    [Theory]
    [InlineData(Language.Chinese)]
    [InlineData(Language.English)]
    public void The_overdue_list_has_one_line_per_task_however_many_units_each_names(Language language)
    {
        Assert.Equal(0, ItemLines(OverdueOf(0, OverdueLayout.ByTask, language)));
        Assert.Equal(1, ItemLines(OverdueOf(1, OverdueLayout.ByTask, language)));
        Assert.Equal(10, ItemLines(OverdueOf(10, OverdueLayout.ByTask, language))); // not 10 × 14
        Assert.Equal(OverdueCard.PageSize, ItemLines(OverdueOf(40, OverdueLayout.ByTask, language)));
        // By unit: one line per unit, the collective name written two ways counted once.
        Assert.Equal(0, ItemLines(OverdueOf(0, OverdueLayout.ByUnit, language)));
        Assert.Equal(14, ItemLines(OverdueOf(1, OverdueLayout.ByUnit, language)));
        Assert.Equal(14, ItemLines(OverdueOf(10, OverdueLayout.ByUnit, language)));
    }

    [Fact]
    public void An_overdue_line_names_its_units_lead_first_clipped_with_how_many_more_and_the_worst_first()
    {
        var zh = CardText.Render(OverdueOf(10, OverdueLayout.ByTask, Language.Chinese));
        Assert.Contains("市委办公厅、市政府办公厅、市第1局等 14 个单位 · 已逾期 10 天", zh);
        Assert.True(zh.IndexOf("任务 10 ·", StringComparison.Ordinal) < zh.IndexOf("任务 9 ·", StringComparison.Ordinal), zh);
        Assert.Contains("10 项任务逾期，涉及 14 个单位。", zh);
        Assert.Contains("[按单位查看]", zh);

        var en = CardText.Render(OverdueOf(1, OverdueLayout.ByTask, Language.English));
        Assert.Contains("1 task overdue, across 14 units.", en);
        Assert.Contains("市委办公厅, 市政府办公厅, 市第1局 and 11 more · 1 day overdue", en);
        Assert.Contains("2 tasks overdue", CardText.Render(OverdueOf(2, OverdueLayout.ByTask, Language.English)));
    }

    [Fact]
    public void The_unit_ranking_shows_count_ranges_and_the_longest_overdue_in_red()
    {
        var card = OverdueOf(10, OverdueLayout.ByUnit, Language.Chinese);
        var text = CardText.Render(card);
        Assert.Contains("🔴 各区政府（管委会） · 10 项任务", text);
        Assert.DoesNotContain("各区政府(管委会)", text);
        Assert.Contains("任务 1–10 · 最长逾期 10 天", text);
        Assert.Contains("[按任务查看]", text);
        Assert.All((card["body"] as JsonArray)!.Where(e => (string?)e?["type"] == "Container"), c => Assert.Equal("attention", (string?)c!["style"]));

        var tasks = OverdueTasks(1, out var units);
        var en = CardText.Render(OverdueCard.Build(new OverdueView("x", "", Today, tasks, units.Take(1).ToList(), OverdueLayout.ByUnit, 0, null, []), Language.English));
        Assert.Contains("1 task overdue, across 1 unit.", en);
        Assert.Contains("task 1 · longest 1 day overdue", en);
    }

    private static JsonObject UnfiledOf(int count, DateOnly today, Language language) =>
        UnfiledCard.Build(new UnfiledView(new YearMonth(2019, 3), today,
            Enumerable.Range(1, count).Select(i => new UnfiledUnit(i == 1 ? "各区政府(管委会)" : $"市第{i}局", i == 2 ? [2] : [2, 3, 4, 8, i + 10])).ToList(), 0, new JsonObject { ["months"] = "2019-03" })
        {
            Overdue = new HashSet<int> { 3, 13 },
        }, language);

    [Theory]
    [InlineData(Language.Chinese)]
    [InlineData(Language.English)]
    public void The_not_reported_list_has_one_line_and_one_button_per_unit_at_most_ten_a_page(Language language)
    {
        foreach (var (count, lines) in new[] { (0, 0), (1, 1), (10, 10), (25, UnfiledCard.PageSize) })
        {
            var card = UnfiledOf(count, Today, language);
            Assert.Equal(lines, ItemLines(card));
            Assert.Equal(lines, Buttons(card, CardVerbs.DigestUnit));
            Assert.True(Walk(card).Count(n => ((string?)n["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true && n["fallback"] is not null) <= 11);
        }
    }

    [Fact]
    public void The_not_reported_list_puts_units_with_overdue_tasks_first_yellow_when_late_and_blue_before_the_due_day()
    {
        var late = UnfiledOf(4, Today, Language.Chinese);
        var text = CardText.Render(late);
        Assert.Contains("报送已逾期：2019-03-15 截止，已过 5 天。", text);
        Assert.Contains("有逾期任务的单位（3）", text);
        Assert.Contains("其他未报单位（1）", text);
        Assert.Contains("🟡 各区政府（管委会） · 5 项任务", text);
        Assert.Contains("任务 2–4, 8, 11 · 🔴 其中 1 项逾期", text);
        Assert.True(text.IndexOf("市第3局", StringComparison.Ordinal) < text.IndexOf("市第2局", StringComparison.Ordinal), text); // 2 owes no overdue task
        var body = (late["body"] as JsonArray)!;
        Assert.Equal("warning", (string?)body[1]!["style"]);
        Assert.All(body.Where(e => (string?)e?["type"] == "Container").Skip(1), c => Assert.Equal("warning", (string?)c!["style"]));

        var early = UnfiledOf(2, new DateOnly(2019, 3, 5), Language.English);
        var en = CardText.Render(early);
        Assert.Contains("Before the due day: due 2019-03-15, 10 days left.", en);
        Assert.Contains("2 units not reported yet:", en);
        Assert.Contains("市第2局 · 1 task", en);
        Assert.Contains("task 2", en);
        Assert.DoesNotContain("🟡", en);
        Assert.Equal("accent", (string?)(early["body"] as JsonArray)![1]!["style"]);
        Assert.Contains("1 day left", CardText.Render(UnfiledOf(1, new DateOnly(2019, 3, 14), Language.English)));
    }

    [Fact]
    public void A_unit_name_shows_the_same_on_every_card_however_it_was_written()
    {
        Assert.Equal("各区政府（管委会）", UnitText.Show("各区政府(管委会)"));
        Assert.Equal("各区政府（管委会）", UnitText.Show("各区政府（管委会）"));
        Assert.Equal("各区政府（管委会）", UnitText.Show(" 各区政府 【管委会】"));
        Assert.Equal("各区人民政府", UnitText.Show("各区人民政府"));
        Assert.Equal("相关区政府", UnitText.Show("相关区政府"));
        Assert.Equal("City Water Authority", UnitText.Show("City  Water Authority"));
        foreach (var written in new[] { "各区政府(管委会)", "各区政府（管委会）" })
        {
            var owed = CardText.Render(OwedCard.Build(new OwedView(written, new YearMonth(2019, 3), Today, [], [], []), Language.Chinese));
            Assert.Contains("各区政府（管委会） · 2019年3月", owed);
            var reminder = CardText.Render(RectifyBot.Cards.Proactive.ReminderCard.Build(new RectifyBot.Cards.Proactive.ReminderView(written, new YearMonth(2019, 3), Today, []), Language.Chinese));
            Assert.Contains("各区政府（管委会）", reminder);
        }
    }

    [Theory]
    [InlineData(Language.Chinese, "已逾期 79 天", "（0 项）")]
    [InlineData(Language.English, "79 days overdue", "(0)")]
    public void The_owed_card_lists_each_task_once_with_its_deadline_on_the_line_and_no_empty_part(Language language, string overdue, string emptyHeading)
    {
        // Task 3 is owed by a unit both leading and responsible for it, and overdue; task 5 is only overdue.
        var three = Task(3, "污水直排", "市水务局");
        var five = Task(5, "黑臭水体", "市水务局");
        var owed = new[] { new ReportObligation(three, UnitRole.Lead, new DateOnly(2019, 3, 15), null), new ReportObligation(three, UnitRole.Responsible, new DateOnly(2019, 3, 15), null) };
        var text = CardText.Render(OwedCard.Build(new OwedView("市水务局", new YearMonth(2019, 3), Today, owed, [], [three, five]), language));
        var title = language == Language.Chinese ? "任务 {0} ·" : "Task {0} ·";
        Assert.Equal((1, 1), (System.Text.RegularExpressions.Regex.Count(text, string.Format(title, 3)), System.Text.RegularExpressions.Regex.Count(text, string.Format(title, 5))));
        Assert.Contains(overdue, text.Split('\n').Single(l => l.Contains(language == Language.Chinese ? "未报" : "not filed", StringComparison.Ordinal)));
        Assert.DoesNotContain(emptyHeading, text);
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

    private static SignOffDecision SignOffDecisionOf(string size) => new()
    {
        Id = "d1", TaskNumber = 3, Verdict = size == "single" ? SignOffVerdict.SignedOff : SignOffVerdict.SentBack, DeciderId = "u", DeciderName = Nasty,
        At = new DateTimeOffset(2019, 3, 20, 2, 5, 0, TimeSpan.Zero), Reason = size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 20))[..500] : Nasty, TaskVersion = 2, SourceId = "s",
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

    /// <summary>The first quarter's filing of the tasks, with February filed on every other task and (long) the notices counted.</summary>
    private static RectifyBot.Tasks.Export.QuarterReport Filing(IReadOnlyList<RectificationTask> tasks, IReadOnlyCollection<string> units, string size) =>
        RectifyBot.Tasks.Export.QuarterReport.Build(new Quarter(2019, 1), new DateOnly(2019, 3, 31), tasks,
            [.. tasks.Where(t => t.Number % 2 == 0).Select(t => Report(t.Number, Nasty) with { Period = "2019-02", Unit = t.LeadUnits.Text, ReportedAt = new DateTimeOffset(2019, 2, 10, 2, 0, 0, TimeSpan.Zero) })],
            units, new RectifyBot.Tasks.Units.UnitMatcher()) with { NoticesCounted = size == "long" };

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

    /// <summary>The overdue list of the sample's tasks in a layout, the last report on each, the units not filed.</summary>
    private static JsonObject Overdue(Language language, string size, OverdueLayout layout)
    {
        var tasks = Tasks(size);
        var matcher = new Tasks.Units.UnitMatcher();
        var overdue = Supervision.OverdueTasks(tasks, Today, OverdueFilter.None, matcher).Select(t => t with { LastReport = Report(t.Task.Number, Nasty) }).ToList();
        var units = Supervision.RankUnits(Supervision.OverdueByUnit(tasks, Today, new Dictionary<int, ProgressReport>(), OverdueFilter.None, matcher));
        var unfiled = tasks.Select(t => new UnfiledUnit(t.LeadUnits.Text + t.Number, Enumerable.Range(1, 200).ToList())).ToList();
        return OverdueCard.Build(new OverdueView(Nasty, Nasty, Today, overdue, units, layout, 0, unfiled, new JsonObject { ["unit"] = Nasty }), language);
    }

    /// <summary>Units not filed, late (after the 15th) or before the due day; every other unit owes an overdue task.</summary>
    private static JsonObject Unfiled(Language language, string size, DateOnly today)
    {
        var tasks = Tasks(size);
        var units = tasks.Select(t => new UnfiledUnit(t.LeadUnits.Text + t.Number, Enumerable.Range(t.Number, 500).ToList())).ToList();
        return UnfiledCard.Build(new UnfiledView(new YearMonth(2019, 3), today, units, 0, new JsonObject { ["months"] = "2019-03" })
        {
            Overdue = tasks.Where(t => t.Number % 2 == 0).Select(t => t.Number).ToHashSet(),
        }, language);
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
        ["overdue"] = (language, size) => Overdue(language, size, OverdueLayout.ByTask),
        ["overdueUnits"] = (language, size) => Overdue(language, size, OverdueLayout.ByUnit),
        ["reminder"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var unfiled = tasks.Select(t => new ReportObligation(t, UnitRole.Responsible, new DateOnly(2019, 3, 15), null)).ToList();
            return RectifyBot.Cards.Proactive.ReminderCard.Build(new RectifyBot.Cards.Proactive.ReminderView(size == "long" ? Nasty + new string('局', 300) : "市水务局", new YearMonth(2019, 3), Today, unfiled), language);
        },
        ["signoff"] = (language, size) =>
        {
            var task = Tasks(size).FirstOrDefault() ?? Task(1, "x", "y", measures: 0);
            var text = size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty;
            var report = Report(task.Number, text) with
            {
                Status = RectificationStatus.Completed, PercentComplete = 100, MeasuresDone = size == "empty" ? [] : [.. Enumerable.Range(1, Math.Max(1, task.Measures.Count))],
                Evidence = size == "empty" ? [] : [.. Enumerable.Range(1, size == "long" ? ReportRules.MaxLinks : 1).Select(i => $"https://example.gov.cn/a(b)/{i}.pdf?x=[1]")],
            };
            return RectifyBot.Cards.SignOff.SignOffCard.Build(new RectifyBot.Cards.SignOff.SignOffView(task, report, "0123456789abcdef"), language);
        },
        ["signoffDecided"] = (language, size) => RectifyBot.Cards.SignOff.SignOffCard.Decided(SignOffDecisionOf(size), language),
        ["signoffReturned"] = (language, size) => RectifyBot.Cards.SignOff.SignOffCard.Returned(SignOffDecisionOf(size), language),
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
        ["audit"] = (language, size) =>
        {
            var text = size == "long" ? string.Concat(Enumerable.Repeat(Nasty, 60)) : Nasty;
            var entries = Tasks(size).SelectMany(t => new[] { false, true }.Select(refused => new AuditEntry
            {
                Sequence = t.Number * 2 + (refused ? 1 : 0), At = new DateTimeOffset(2019, 3, 20, 2, 0, 0, TimeSpan.Zero).AddMinutes(t.Number), ActorId = "u-water",
                ActorName = text, Action = refused ? AuditActions.CardAction : AuditActions.ReportStored, TaskNumber = 3, Subject = text, Details = text, Refused = refused,
            })).ToList();
            return AuditCard.Build(new AuditView(size == "empty" ? 4 : 3, text, entries, 0, new JsonObject { ["task"] = 3 }), language);
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
        ["filing.unit"] = (language, size) =>
        {
            var tasks = Tasks(size);
            var unit = tasks.FirstOrDefault()?.LeadUnits.Text ?? "市水务局";
            return RectifyBot.Cards.Filing.FilingCards.UnitCard(Filing(tasks, [unit], size), unit, new Tasks.Units.UnitMatcher(), language);
        },
        ["filing.overall"] = (language, size) =>
        {
            // A unit of its own per task (up to 300), so the leaders' card has more units than it lists.
            var tasks = Tasks(size).Take(300).Select(t => t with { LeadUnits = new UnitList(t.LeadUnits.Text + t.Number, [t.LeadUnits.Text + t.Number]), ResponsibleUnits = UnitList.Empty }).ToList();
            return RectifyBot.Cards.Filing.FilingCards.OverallCard(Filing(tasks, [.. tasks.Select(t => t.LeadUnits.Text)], size), new Tasks.Units.UnitMatcher(), language);
        },
        ["clarify"] = (language, size) => ClarifyCard.Build(size switch
        {
            "empty" => [new ClarifyChoice("MyTasks", "MyTasks", null)],
            "single" => [new ClarifyChoice("ShowTask", "ShowTask", 3), new ClarifyChoice("Report", "Report", 3)],
            _ => [new ClarifyChoice("Report", "ReportInOneSentence", 3), new ClarifyChoice("Deadline", "Deadline", 99999), new ClarifyChoice("Overdue", "Overdue", null)],
        }, new string('a', 32), language),
        ["greeting"] = (language, size) => WelcomeCard.Build(new WelcomeView(size == "long", size == "empty" ? null : Nasty, size == "long" ? PersonRole.Leader : PersonRole.Official), language),
        ["unfiled"] = (language, size) => Unfiled(language, size, Today),
        ["unfiledBeforeDue"] = (language, size) => Unfiled(language, size, new DateOnly(2019, 3, 5)),
        ["noticePreview"] = (language, size) =>
        {
            var task = Tasks(size).FirstOrDefault() ?? Task(1, "x", "y", measures: 0);
            var units = size == "long" ? Enumerable.Range(1, 60).Select(i => Nasty + "区政府" + i).ToList() : [.. task.AllUnitNames];
            var text = size == "long" ? new string('督', 500) : size == "single" ? Nasty : "";
            return RectifyBot.Cards.Notices.NoticePreviewCard.Build(new RectifyBot.Cards.Notices.NoticePreview(task, units, units, text, Today.AddDays(5), text, Today,
                "0123456789abcdef0123456789abcdef") { Problem = size == "empty" ? null : Nasty }, language);
        },
        ["noticeRecipient"] = (language, size) => RectifyBot.Cards.Notices.NoticeCard.Build(new RectifyBot.Cards.Notices.NoticeView(Notice(size, answered: size == "long"), Nasty, Today,
            RectifyBot.Cards.Notices.NoticeViewer.Recipient) { ViewerKey = "u-0", Banner = size == "empty" ? null : AdaptiveCard.Plain(Nasty), Answer = size == "single" ? Nasty : "", AnswerError = size == "single" ? Nasty : null }, language),
        ["noticeSupervisor"] = (language, size) => RectifyBot.Cards.Notices.NoticeCard.Build(new RectifyBot.Cards.Notices.NoticeView(Notice(size, answered: true), Nasty, Today,
            RectifyBot.Cards.Notices.NoticeViewer.Supervisor) { CanClose = size != "empty", Banner = size == "long" ? AdaptiveCard.Plain(Nasty) : null, BannerIsWarning = true }, language),
        ["noticeBulletin"] = (language, size) => RectifyBot.Cards.Notices.NoticeCard.Build(new RectifyBot.Cards.Notices.NoticeView(Notice(size, answered: false), Nasty, Today,
            RectifyBot.Cards.Notices.NoticeViewer.Bulletin), language),
        ["noticeList"] = (language, size) =>
        {
            var notices = size switch { "empty" => new List<SupervisionNotice>(), "single" => [Notice(size, answered: false)], _ => [.. Enumerable.Range(1, 10).Select(_ => Notice(size, answered: true))] };
            return RectifyBot.Cards.Notices.NoticeListCard.Build(new RectifyBot.Cards.Notices.NoticeListView(notices, notices.Count * 3, 0, Today, size == "single" ? 3 : null,
                size == "single" ? "u-0" : null, new JsonObject()), language);
        },
        ["noticeReturn"] = (language, size) => RectifyBot.Cards.Notices.NoticeReturnCard.Build(Notice(size, answered: false), language),
    };

    /// <summary>A notice of no, one or 40 recipients (long texts and links when long), answered by half of them when asked.</summary>
    private static SupervisionNotice Notice(string size, bool answered)
    {
        var count = size switch { "empty" => 0, "single" => 1, _ => 40 };
        var text = size == "long" ? new string('说', 400) + Nasty : Nasty;
        return new SupervisionNotice
        {
            Id = "0123456789abcdef0123456789abcdef", Year = 2019, Number = 12, SourceId = "notice:x", TaskNumber = 3,
            Units = [.. Enumerable.Range(0, Math.Max(1, count / 4)).Select(i => Nasty + "局" + i)], Reason = text, Note = size == "empty" ? "" : text,
            ReplyBy = Today.AddDays(-1), IssuerId = "u-leader", IssuerName = Nasty, IssuedAt = new DateTimeOffset(2019, 3, 18, 2, 0, 0, TimeSpan.Zero),
            Recipients = [.. Enumerable.Range(0, count).Select(i => new NoticeRecipient("u-" + i, Nasty + i, Nasty + "局")
            {
                AcknowledgedAt = i % 2 == 0 ? new DateTimeOffset(2019, 3, 19, 2, 0, 0, TimeSpan.Zero) : null,
                AnsweredAt = answered && i % 4 == 0 ? new DateTimeOffset(2019, 3, 19, 3, 0, 0, TimeSpan.Zero) : null,
                Answer = answered && i % 4 == 0 ? text : "",
                Evidence = answered && i % 4 == 0 ? ["https://example.gov.cn/" + i, "http://evil.example/[x](y)"] : [],
            })],
        };
    }
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
