using System.CommandLine;
using System.Globalization;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Rules;

namespace RectifyBot.Bot.Cli;

/// <summary>The plan's rhythm from the command line: what would be sent and when (<c>schedule</c>), and one tick now (<c>send-due</c>).</summary>
public static partial class RectifyCommandLine
{
    private static IEnumerable<Command> RhythmCommands(TextWriter output, TextWriter error)
    {
        var fromOption = new Option<string?>("--from") { Description = "The first day, yyyy-MM-dd (China time); default today." };
        fromOption.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                r.AddError($"--from «{text}» is not a date written yyyy-MM-dd.");
            }
        });
        var daysOption = new Option<int>("--days") { Description = "How many days to show (1–366).", DefaultValueFactory = _ => 31 };
        daysOption.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 366)
            {
                r.AddError("--days must be from 1 to 366.");
            }
        });
        var schedule = new Command("schedule", "Print what the rhythm would send, when and to whom, without sending anything.") { fromOption, daysOption };
        schedule.TreatUnmatchedTokensAsErrors = false;
        schedule.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var time = host.Services.GetRequiredService<TimeProvider>();
            var from = result.GetValue(fromOption) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : PlanClock.Today(time);
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
            var occurrences = host.Services.GetRequiredService<RhythmSchedule>().Between(start.AddTicks(-1), start.AddDays(result.GetValue(daysOption)));
            var planners = host.Services.GetServices<IRhythmPlanner>().ToDictionary(p => p.Kind);
            foreach (var occurrence in occurrences.Where(o => o.Kind != RhythmKind.Countdown))
            {
                var messages = planners.TryGetValue(occurrence.Kind, out var planner) ? await planner.PlanAsync(occurrence, ct) : [];
                if (occurrence.Kind == RhythmKind.NoticeReturns && messages.Count == 0)
                {
                    continue; // a daily check: shown only on the days it sends something
                }
                await output.WriteLineAsync($"{PlanClock.ToPlanTime(occurrence.At):yyyy-MM-dd HH:mm} {occurrence.Kind}");
                foreach (var message in messages)
                {
                    await output.WriteLineAsync($"  {Describe(message)}");
                }
            }
            return 0;
        }));

        var sendDue = new Command("send-due", "Run one tick of the rhythm now: send what became due since the last tick, once, and print it.") { TreatUnmatchedTokensAsErrors = false };
        sendDue.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var clock = host.Services.GetRequiredService<RhythmClock>();
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var last = await clock.LastTickAsync(ct) ?? now.AddDays(-1); // a first run looks back one day
            var report = await host.Services.GetRequiredService<RhythmRunner>().TickAsync(last, now, ct);
            await clock.SaveAsync(now, ct);
            await output.WriteLineAsync($"Tick {PlanClock.ToPlanTime(last):yyyy-MM-dd HH:mm} → {PlanClock.ToPlanTime(now):yyyy-MM-dd HH:mm}: {report.Due.Count} due ({string.Join(", ", report.Due.Select(d => d.Kind).Distinct())}).");
            foreach (var (message, outcome) in report.Sends)
            {
                await output.WriteLineAsync($"  {outcome}: {Describe(message)}");
            }
            foreach (var message in report.Unreachable)
            {
                await output.WriteLineAsync($"  not installed: {Describe(message)}");
            }
            return 0;
        }));
        return [schedule, sendDue];
    }

    private static string Describe(PlannedMessage message) =>
        $"{message.Kind} to {(message.Recipient is { } r ? $"{r.Name} ({r.Unit}, {r.Key})" : message.To?.Key)}{(message.To is { IsGone: false } ? "" : " — has not installed the bot")}";
}
