using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;
using Xunit.Abstractions;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Issue 9's acceptance walk: the seed's four tasks walked day by day through the rhythm of the real host's services, with
/// a connector over real HTTP, from 1 December 2018 to 28 February 2019 — the last month before tasks 1 and 4 fall due
/// (30, 7 and 1 days before 2018-12-31, overdue on 1 January), New Year and the Spring Festival with its make-up working
/// Sunday. What each person should get each day is worked out here from the plan's own rules (which directory unit
/// answers for which task, read off the plan by hand; the calendar; who filed what), not by the planners, and compared
/// with what the connector received: the right people, the right messages, the right days, each exactly once.
/// The same on SQLite and on the Graph store against the fake Graph server.
/// </summary>
public sealed class QuarterWalkTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>New Year and the Spring Festival 2019 as the State Council set them, with their make-up working days (调休).</summary>
    private static readonly DateOnly[] Holidays =
        [new(2018, 12, 30), new(2018, 12, 31), new(2019, 1, 1), .. Enumerable.Range(4, 7).Select(d => new DateOnly(2019, 2, d))];

    private static readonly DateOnly[] WorkingWeekends = [new(2018, 12, 29), new(2019, 2, 2), new(2019, 2, 3)];

    private static readonly WalkPerson[] People =
    [
        Official("u-water", "水务局联络员", "市水务局"),
        Official("u-water2", "水务局二号联络员", "市水务局", hasBot: false),
        Official("u-agri", "农业农村局联络员", "市农业农村局"),
        Official("u-commerce", "商务局联络员", "市商务局"),
        Official("u-urban", "城建局联络员", "市城建局", hasBot: false),
        Official("u-jiangan", "江岸区联络员", "江岸区政府"),
        Official("u-caidian", "蔡甸区联络员", "蔡甸区政府"),
        new(new("u-leader", "leader@rectifybot.example", "综合协调组组长", "市领导小组综合协调组", PersonRole.Leader), true),
        new(new("u-leader2", "leader2@rectifybot.example", "整改督导组组长", "市委督查室", PersonRole.Leader), true),
        new(new("u-leader3", "leader3@rectifybot.example", "宣传报道组组长", "市委宣传部", PersonRole.Leader), false),
        new(new("u-admin", "admin@rectifybot.example", "生态环境局管理员", "市生态环境局", PersonRole.Admin), true),
    ];

    /// <summary>
    /// The plan's task list read by hand for the directory's units: task 1 names 市水务局, 市农业农村局, 市商务局 and 各区;
    /// task 2 市农业农村局 and 各新城区 (蔡甸 is one); task 3 市水务局, 市城建局 and six central districts (江岸 among
    /// them); task 4 各相关区.
    /// </summary>
    private static readonly Dictionary<string, int[]> TasksOf = new()
    {
        ["市水务局"] = [1, 3],
        ["市农业农村局"] = [1, 2],
        ["市商务局"] = [1],
        ["市城建局"] = [3],
        ["江岸区政府"] = [1, 3, 4],
        ["蔡甸区政府"] = [1, 2, 4],
    };

    /// <summary>The plan's deadlines (整改时限): 2018 年底之前 for tasks 1 and 4, 2020 年底之前 for tasks 2 and 3.</summary>
    private static readonly Dictionary<int, DateOnly> Deadlines = new()
    {
        [1] = new(2018, 12, 31), [2] = new(2020, 12, 31), [3] = new(2020, 12, 31), [4] = new(2018, 12, 31),
    };

    private static readonly DateOnly First = new(2018, 12, 1);
    private static readonly DateOnly Last = new(2019, 2, 28);

    /// <summary>The instants each day is ticked at (China time): before the 09:00 occurrences, after them, after the digest's 10:00, late.</summary>
    private static readonly (int Hour, int Minute)[] Instants = [(8, 30), (9, 5), (10, 5), (23, 0)];

    private FakeConnector _connector = null!;
    private readonly FakeTimeProvider _time = new(At(First.AddDays(-1), 23));

    private static WalkPerson Official(string id, string name, string unit, bool hasBot = true) =>
        new(new(id, id[2..] + "@rectifybot.example", name, unit, PersonRole.Official), hasBot);

    private static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), China).ToUniversalTime();

    public static string[] Calendar =>
    [
        .. Holidays.Select((d, i) => $"--Supervision:Holidays:{i}={d:yyyy-MM-dd}"),
        .. WorkingWeekends.Select((d, i) => $"--Supervision:WorkingWeekends:{i}={d:yyyy-MM-dd}"),
    ];

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    /// <summary>
    /// The expected rhythm, from the plan's rules and what the walk has done so far: who filed which task for which month,
    /// which tasks were completed, whose chat is gone.
    /// </summary>
    private sealed class Expected
    {
        public HashSet<(string Unit, string Month, int Task)> Filed { get; } = [];
        public HashSet<int> Completed { get; } = [];

        /// <summary>The day each task was reported completed (before 09:30): it awaits sign-off from then on.</summary>
        public Dictionary<int, DateOnly> CompletedOn { get; } = [];
        public HashSet<string> Gone { get; } = [];

        private bool Reachable(WalkPerson p) => p.HasBot && !Gone.Contains(p.Id);

        private static string MonthOf(DateOnly day) => $"{day:yyyy-MM}";

        /// <summary>The working day on or before the day: weekends and holidays move back, make-up working weekends count.</summary>
        public static DateOnly WorkingDayOnOrBefore(DateOnly day)
        {
            while (!WorkingWeekends.Contains(day) && (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Holidays.Contains(day)))
            {
                day = day.AddDays(-1);
            }
            return day;
        }

        /// <summary>The first working day of January, April, July and October: the quarterly filing of the quarter just ended.</summary>
        public static bool IsFilingDay(DateOnly day)
        {
            if (day.Month is not (1 or 4 or 7 or 10))
            {
                return false;
            }
            var first = new DateOnly(day.Year, day.Month, 1);
            while (!WorkingWeekends.Contains(first) && (first.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Holidays.Contains(first)))
            {
                first = first.AddDays(1);
            }
            return day == first;
        }

        /// <summary>The quarterly filing: each reachable official (every directory unit has tasks) their unit's card, each reachable leader the overall card.</summary>
        public IEnumerable<Received> Filing(DateOnly day)
        {
            var ended = new DateOnly(day.Year, day.Month, 1).AddDays(-1);
            var quarter = $"{ended.Year}年第{"一二三四"[(ended.Month - 1) / 3]}季度";
            return Officials.Where(Reachable).Select(p => new Received(p.Id, $"filing {quarter} {p.Person.Unit}"))
                .Concat(Leaders.Where(Reachable).Select(l => new Received(l.Id, $"filing {quarter} 总体情况")));
        }

        public static bool IsReminderDay(DateOnly day) =>
            day == WorkingDayOnOrBefore(new DateOnly(day.Year, day.Month, 10)) || day == WorkingDayOnOrBefore(new DateOnly(day.Year, day.Month, 14));

        private int[] Unfiled(string unit, string month) =>
            [.. TasksOf[unit].Where(t => !Completed.Contains(t) && !Filed.Contains((unit, month, t)))];

        private IEnumerable<WalkPerson> Officials => People.Where(p => p.Person.Role == PersonRole.Official);

        private IEnumerable<WalkPerson> Leaders => People.Where(p => p.Person.Role == PersonRole.Leader);

        /// <summary>The 10th and 14th (moved back to a working day): each reachable official of a unit that still owes, its unfiled tasks.</summary>
        public IEnumerable<Received> Reminders(DateOnly occurrence) =>
            Officials.Where(Reachable).Select(p => (p, Unfiled(p.Person.Unit, MonthOf(occurrence))))
                .Where(x => x.Item2.Length > 0).Select(x => new Received(x.p.Id, "reminder " + string.Join(",", x.Item2)));

        /// <summary>
        /// The 16th: to each reachable leader, the directory's units still owing and the people of those units who cannot be
        /// messaged. (Units the plan names that have no one in the directory, 市委办公厅 among them, never file, so the
        /// escalation goes every month while task 1 is open.)
        /// </summary>
        public IEnumerable<Received> Escalation(DateOnly occurrence)
        {
            var month = MonthOf(occurrence);
            var units = TasksOf.Keys.Where(u => Unfiled(u, month).Length > 0).Order(StringComparer.Ordinal).ToList();
            var unreachable = Officials.Where(p => units.Contains(p.Person.Unit) && !Reachable(p)).Select(p => p.Id).Order(StringComparer.Ordinal);
            var what = $"escalation {string.Join(",", units)} | not reachable: {string.Join(",", unreachable)}";
            return Leaders.Where(Reachable).Select(l => new Received(l.Id, what));
        }

        /// <summary>Daily: 30, 7 and 1 days before an open task's deadline to its units' officials; the day after, overdue, to them and the leaders.</summary>
        public IEnumerable<Received> Countdown(DateOnly day)
        {
            foreach (var (task, deadline) in Deadlines.Where(d => !Completed.Contains(d.Key)))
            {
                var left = deadline.DayNumber - day.DayNumber;
                var officials = Officials.Where(p => Reachable(p) && TasksOf[p.Person.Unit].Contains(task));
                if (left is 30 or 7 or 1)
                {
                    foreach (var p in officials)
                    {
                        yield return new(p.Id, $"countdown {task} in {left}");
                    }
                }
                if (left == -1)
                {
                    foreach (var p in officials.Concat(Leaders.Where(Reachable)))
                    {
                        yield return new(p.Id, $"overdue {task} by 1");
                    }
                }
            }
        }

        /// <summary>Everything due on a day when the rhythm runs all day: the day's reminders, escalation, digest and countdown.</summary>
        public IEnumerable<Received> On(DateOnly day) =>
        [
            .. IsReminderDay(day) ? Reminders(day) : [],
            .. day.Day == 16 ? Escalation(day).Concat(Digest(day)) : [],
            .. Countdown(day),
            .. SignOffs(day),
            .. IsFilingDay(day) ? Filing(day) : [],
        ];

        /// <summary>Daily at 09:30: the sign-off card of a task reported completed, to each reachable leader, once.</summary>
        public IEnumerable<Received> SignOffs(DateOnly day) =>
            CompletedOn.Where(c => c.Value == day).SelectMany(c => Leaders.Where(Reachable).Select(l => new Received(l.Id, $"signoff {c.Key}")));

        /// <summary>
        /// The monthly dispatch digest (the 16th at 10:00), once, in the leaders' channel: how many tasks are overdue, and as
        /// Teams mentions every official of the directory's units called to speak — those with an overdue task, and (past
        /// the 15th) those that still owe the month's report — whether or not they installed the bot; the first one has no
        /// month to compare with, each later one compares with the last one posted.
        /// </summary>
        public IReadOnlyList<Received> Digest(DateOnly occurrence)
        {
            var month = MonthOf(occurrence);
            var overdue = Deadlines.Where(d => occurrence > d.Value && !Completed.Contains(d.Key)).Select(d => d.Key).ToHashSet();
            var called = TasksOf.Where(u => u.Value.Any(overdue.Contains) || Unfiled(u.Key, month).Length > 0).Select(u => u.Key).ToHashSet();
            var mentioned = Officials.Where(p => called.Contains(p.Person.Unit)).Select(p => p.Id).Order(StringComparer.Ordinal);
            var since = _lastDigest ?? "first";
            _lastDigest = month; // asked once per occurrence, in order
            return [new("channel", $"digest {month} since {since} | overdue {overdue.Count} | mentioned {string.Join(",", mentioned)}")];
        }

        private string? _lastDigest;
    }

    /// <summary>A report filed as its unit's official would through the card (not on behalf), for the month of <paramref name="at"/>.</summary>
    private static async Task FileAsync(WebApplication host, Expected expected, DateTimeOffset at, string unit, int task, RectificationStatus status = RectificationStatus.InProgress)
    {
        var official = People.First(p => p.Person.Unit == unit);
        var month = $"{Tasks.Rules.PlanClock.ToPlanDate(at):yyyy-MM}";
        await host.Services.GetRequiredService<ITaskStore>().SubmitReportAsync(new ProgressReport
        {
            Id = Guid.NewGuid().ToString("N"), TaskNumber = task, Unit = unit, ReporterId = official.Id, ReporterName = official.Person.Name, ReportedAt = at,
            Period = month, Status = status, PercentComplete = status == RectificationStatus.Completed ? 100 : 50, Summary = "按计划推进", SourceId = $"walk:{unit}:{month}:{task}",
        }, null);
        expected.Filed.Add((unit, month, task));
        if (status == RectificationStatus.Completed)
        {
            expected.Completed.Add(task);
            expected.CompletedOn[task] = Tasks.Rules.PlanClock.ToPlanDate(at);
        }
    }

    /// <summary>What the connector received since the last call, read as a person would.</summary>
    private List<Received> Drain(ref int seen)
    {
        var all = _connector.Received.ToArray();
        var fresh = all[seen..].Select(r => Received.Read(r.Conversation, r.Activity, People)).ToList();
        seen = all.Length;
        return fresh;
    }

    private static List<string> Sorted(IEnumerable<Received> messages) => [.. messages.Select(m => m.ToString()).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Graph")]
    public async Task A_quarter_walked_day_by_day_by_two_schedulers_sends_each_person_the_right_messages_on_the_right_days_exactly_once(string storeKind)
    {
        await using var store = await WalkStore.StartAsync(storeKind);
        await using var first = store.Host(_time, Calendar);
        await using var second = store.Host(_time, Calendar);
        await store.SeedAsync(first, People, _connector.Url, _time.GetUtcNow());
        var expected = new Expected();
        // Two schedulers on one store, each with its own idea of its last tick, ticking the same instants at the same time.
        var hosts = new[] { first, second }.Select(h => (Runner: h.Services.GetRequiredService<RhythmRunner>(), Previous: new[] { _time.GetUtcNow() })).ToList();
        var seen = 0;
        var perMonth = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var digests = new List<DateOnly>();
        var reminderDays = new List<DateOnly>();
        var filingDays = new List<DateOnly>();

        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            _time.SetUtcNow(At(day, 8));
            var now = _time.GetUtcNow();
            // Along the way units file, one completes a task, one person blocks the bot.
            switch ($"{day:MM-dd}")
            {
                case "12-12":
                    await FileAsync(first, expected, now, "市水务局", 1);
                    await FileAsync(first, expected, now, "市水务局", 3);
                    break;
                case "12-13":
                    await FileAsync(second, expected, now, "市农业农村局", 1);
                    break;
                case "12-20":
                    await FileAsync(first, expected, now, "江岸区政府", 4, RectificationStatus.Completed);
                    break;
                case "01-05":
                    await FileAsync(first, expected, now, "市商务局", 1);
                    break;
                case "01-10":
                    _connector.Answers["a:u-agri"] = new([403]);
                    expected.Gone.Add("u-agri");
                    break;
                case "02-11":
                    foreach (var (unit, tasks) in TasksOf.Where(u => u.Key != "蔡甸区政府"))
                    {
                        foreach (var task in tasks.Where(t => t != 4))
                        {
                            await FileAsync(second, expected, now, unit, task);
                        }
                    }
                    break;
            }

            var wanted = expected.On(day).ToList();

            var got = new List<Received>();
            foreach (var (hour, minute) in Instants)
            {
                _time.SetUtcNow(At(day, hour, minute));
                now = _time.GetUtcNow();
                var ticks = await Task.WhenAll(hosts.Select(h => h.Runner.TickAsync(h.Previous[0], now, default)));
                foreach (var h in hosts)
                {
                    h.Previous[0] = now;
                }
                foreach (var s in ticks.SelectMany(t => t.Sends).Where(s => s.Outcome is not (SendOutcome.Sent or SendOutcome.NotClaimed))) // the 403, for the log
                {
                    output.WriteLine($"{now:u} {s.Message.Key} {s.Outcome}");
                }
                var fresh = Drain(ref seen);
                got.AddRange(fresh);
                // Both schedulers planned the same messages; between them each was sent once and refused to the other.
                var sent = ticks.SelectMany(t => t.Sends).Where(s => s.Outcome == SendOutcome.Sent).ToList();
                Assert.Equal(fresh.Count, sent.Count);
                Assert.Equal(sent.Select(s => s.Message.Key).Distinct().Count(), sent.Count);
                Assert.Equal(ticks[0].Due, ticks[1].Due);
                if (ticks[0].Due.Any(d => d.Kind == RhythmKind.Digest))
                {
                    digests.Add(day);
                }
                // The figures for the README (sends per month and kind with this directory), and who could not be reached.
                foreach (var s in ticks.SelectMany(t => t.Sends).Where(s => s.Outcome == SendOutcome.Sent))
                {
                    var key = $"{day:yyyy-MM} {s.Message.Kind} sent";
                    perMonth[key] = perMonth.GetValueOrDefault(key) + 1;
                }
                foreach (var m in ticks[0].Unreachable)
                {
                    var key = $"{day:yyyy-MM} {m.Kind} not installed or gone";
                    perMonth[key] = perMonth.GetValueOrDefault(key) + 1;
                }
            }
            if (got.Any(m => m.What.StartsWith("reminder")))
            {
                reminderDays.Add(day);
            }
            if (got.Any(m => m.What.StartsWith("filing")))
            {
                filingDays.Add(day);
            }
            Assert.True(Sorted(wanted).SequenceEqual(Sorted(got)), $"{day:yyyy-MM-dd}\nexpected:\n  {string.Join("\n  ", Sorted(wanted))}\nreceived:\n  {string.Join("\n  ", Sorted(got))}");
        }

        // The reminders went on working days: the 10th of February (in the Spring Festival) on the make-up Sunday the 3rd,
        // the 14ths were working days.
        Assert.Equal([new(2018, 12, 10), new(2018, 12, 14), new(2019, 1, 10), new(2019, 1, 14), new(2019, 2, 3), new(2019, 2, 14)], reminderDays);
        // The quarterly filing of 2018's fourth quarter went once, on the first working day after New Year's holiday (2 January),
        // not again on the 3rd to the 7th, and the audit trail has it once.
        Assert.Equal([new(2019, 1, 2)], filingDays);
        var filed = await first.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(new AuditQuery { Action = AuditActions.QuarterFiled });
        Assert.Equal(("2018Q4", AuditActor.System.Id), (Assert.Single(filed).Subject, filed[0].ActorId));
        Assert.Equal(new DateOnly(2019, 1, 2), Tasks.Rules.PlanClock.ToPlanDate(filed[0].At));
        // The dispatch digest was due on each 16th at 10:00 (what it posts is checked where Expected.Digest says).
        Assert.Equal([new(2018, 12, 16), new(2019, 1, 16), new(2019, 2, 16)], digests);
        // The 403 marked the official's chat gone (and nothing reached it after, as the days' comparisons showed).
        var agri = (await first.Services.GetRequiredService<IConversationStore>().FindConversationAsync(ConversationAddress.PersonalKey("u-agri")))!;
        Assert.True(agri.IsGone);
        Assert.StartsWith("403", agri.GoneReason);
        foreach (var (month, count) in perMonth)
        {
            output.WriteLine($"{storeKind} {month}: {count}");
        }
    }

    /// <summary>One tick as <see cref="RhythmService"/> runs it: from the last tick kept in the store, which is moved on when something was due.</summary>
    private static async Task<TickReport> ServiceTickAsync(WebApplication host, DateTimeOffset now)
    {
        var clock = host.Services.GetRequiredService<RhythmClock>();
        var stored = await clock.LastTickAsync(default);
        var report = await host.Services.GetRequiredService<RhythmRunner>().TickAsync(stored ?? now, now, default);
        if (stored is null || report.Due.Count > 0)
        {
            await clock.SaveAsync(now, default);
        }
        return report;
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Graph")]
    public async Task A_host_down_mid_month_catches_up_each_missed_kind_once_on_restart_and_drops_a_reminder_whose_15th_has_passed(string storeKind)
    {
        await using var store = await WalkStore.StartAsync(storeKind);
        var expected = new Expected();
        var seen = 0;
        var (from, to) = (new DateOnly(2019, 1, 1), new DateOnly(2019, 1, 18));
        // Up until 9 January 12:00, down until the 11th 10:05 (the 10th's reminder missed); up again until the 13th 23:00,
        // down until the 17th 08:30 (the 14th's reminder, the 16th's escalation and digest missed), when two hosts start at once.
        var host = store.Host(_time, Calendar);
        await store.SeedAsync(host, People, _connector.Url, _time.GetUtcNow());
        WebApplication[] hosts = [host];
        var catchUps = new List<(DateOnly Day, IReadOnlyList<RhythmOccurrence> Due)>();
        try
        {
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var got = new List<Received>();
                foreach (var (hour, minute) in Instants)
                {
                    var now = At(day, hour, minute);
                    _time.SetUtcNow(now);
                    if (now > At(new(2019, 1, 9), 12) && now < At(new(2019, 1, 11), 10, 5) || now > At(new(2019, 1, 13), 23) && now < At(new(2019, 1, 17), 8, 30))
                    {
                        if (hosts.Length > 0)
                        {
                            foreach (var stopped in hosts)
                            {
                                await stopped.DisposeAsync();
                            }
                            hosts = [];
                        }
                        continue;
                    }
                    var restart = hosts.Length == 0;
                    if (restart)
                    {
                        hosts = day.Day == 17 ? [store.Host(_time, Calendar), store.Host(_time, Calendar)] : [store.Host(_time, Calendar)];
                    }
                    var ticks = await Task.WhenAll(hosts.Select(h => ServiceTickAsync(h, now)));
                    if (restart)
                    {
                        catchUps.Add((day, ticks.MaxBy(t => t.Due.Count)!.Due));
                    }
                    got.AddRange(Drain(ref seen));
                }
                var wanted = (day.Day, day.Month) switch
                {
                    (10 or 14 or 16, _) => [],
                    (11, _) => [.. expected.On(day), .. expected.Reminders(new(2019, 1, 10))],
                    (17, _) => [.. expected.On(day), .. expected.Escalation(new(2019, 1, 16)), .. expected.Digest(new(2019, 1, 16))],
                    _ => expected.On(day).ToList(),
                };
                Assert.True(Sorted(wanted).SequenceEqual(Sorted(got)), $"{day:yyyy-MM-dd}\nexpected:\n  {string.Join("\n  ", Sorted(wanted))}\nreceived:\n  {string.Join("\n  ", Sorted(got))}");
            }
        }
        finally
        {
            foreach (var running in hosts)
            {
                await running.DisposeAsync();
            }
        }

        // Each restart acted on the latest missed occurrence of each kind once; the 14th's reminder was dropped for the escalation.
        Assert.Equal(2, catchUps.Count);
        // The notices' and the sign-off cards' daily checks (nothing to send here) catch up like the countdown.
        Assert.Equal([(RhythmKind.Reminder, new DateOnly(2019, 1, 10)), (RhythmKind.Countdown, new DateOnly(2019, 1, 11)), (RhythmKind.NoticeReturns, new DateOnly(2019, 1, 11)), (RhythmKind.SignOffRequests, new DateOnly(2019, 1, 11))],
            catchUps[0].Due.Select(d => (d.Kind, d.Day)).Order());
        Assert.Equal([(RhythmKind.Escalation, new DateOnly(2019, 1, 16)), (RhythmKind.Countdown, new DateOnly(2019, 1, 16)), (RhythmKind.Digest, new DateOnly(2019, 1, 16)), (RhythmKind.NoticeReturns, new DateOnly(2019, 1, 16)), (RhythmKind.SignOffRequests, new DateOnly(2019, 1, 16))],
            catchUps[1].Due.Select(d => (d.Kind, d.Day)).Order());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Graph")]
    public async Task A_throttled_message_arrives_after_retry_after_exactly_once_and_the_others_are_not_held_up(string storeKind)
    {
        await using var store = await WalkStore.StartAsync(storeKind);
        await using var first = store.Host(_time, Calendar);
        await using var second = store.Host(_time, Calendar);
        await store.SeedAsync(first, People, _connector.Url, _time.GetUtcNow());
        var expected = new Expected();
        _connector.Answers["a:u-jiangan"] = new([429]); // once, with Retry-After: 1
        var seen = 0;
        var got = new List<Received>();
        var day = new DateOnly(2019, 1, 14);
        // Through the day every five minutes from 08:55, both schedulers at once.
        for (var now = At(day, 8, 55); now <= At(day, 12); now += TimeSpan.FromMinutes(5))
        {
            _time.SetUtcNow(now);
            await Task.WhenAll(new[] { first, second }.Select(h => ServiceTickAsync(h, now)));
            got.AddRange(Drain(ref seen));
            if (now == At(day, 9, 0))
            {
                Assert.DoesNotContain(got, m => m.Person == "u-jiangan");
                Assert.Contains(got, m => m.Person == "u-water"); // the others went on time
            }
        }
        Assert.Equal(Sorted(expected.On(day)), Sorted(got));
        var jiangan = _connector.Answered.Where(a => a.Conversation == "a:u-jiangan").ToList();
        Assert.Equal([429, 200], jiangan.Select(a => a.Status));
        var record = (await first.Services.GetRequiredService<ISendLog>().FindSendAsync("reminder|2019-01-14|u-jiangan"))!;
        Assert.NotNull(record.SentAt);
        Assert.True(record.SentAt >= At(day, 9, 0).AddSeconds(1));
    }
}
