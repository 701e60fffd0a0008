using System.CommandLine;
using System.Globalization;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// <c>audit export [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--task N] -o audit.csv</c>: the audit trail, oldest first, as
/// CSV for reviewers (<see cref="AuditCsv"/>). The dates are China-time days, <c>--to</c> included.
/// </summary>
public static partial class RectifyCommandLine
{
    private static Command AuditCommand(TextWriter output, TextWriter error)
    {
        var fromOption = new Option<string?>("--from") { Description = "The first day (China time), yyyy-MM-dd; default: the beginning." };
        var toOption = new Option<string?>("--to") { Description = "The last day (China time, included), yyyy-MM-dd; default: today." };
        var taskOption = new Option<int?>("--task") { Description = "Only this task's entries." };
        var outputOption = new Option<FileInfo>("--output", "-o") { Description = "The CSV file to write (UTF-8 with BOM, for Excel and WPS).", Required = true };
        var export = new Command("export", "Write the audit trail as CSV: sequence, at (UTC), actor id, actor name, action, task, subject, details, refused.")
        {
            fromOption, toOption, taskOption, outputOption,
        };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            // Checked before the store is opened: a bad value writes nothing and touches nothing.
            if (!TryDay(result.GetValue(fromOption), out var from) || !TryDay(result.GetValue(toOption), out var to))
            {
                await error.WriteLineAsync($"--from and --to are days written yyyy-MM-dd (e.g. 2019-03-01); got «{result.GetValue(fromOption)}» and «{result.GetValue(toOption)}».");
                return 1;
            }
            if (from is { } f && to is { } t && f > t)
            {
                await error.WriteLineAsync($"--from {f:yyyy-MM-dd} is after --to {t:yyyy-MM-dd}: no day is in that range.");
                return 1;
            }
            if (result.GetValue(taskOption) is < 1)
            {
                await error.WriteLineAsync($"--task {result.GetValue(taskOption)} is not a task number (1 or more).");
                return 1;
            }
            var file = result.GetValue(outputOption)!;

            using var host = BuildHost(config);
            var entries = await host.Services.GetRequiredService<IAuditLog>().ReadAllAuditAsync(AuditCsv.Query(from, to, result.GetValue(taskOption)), ct);
            // Built in memory and written at once: a failed read leaves no half file.
            using var buffer = new MemoryStream();
            await AuditCsv.WriteAsync(entries, buffer, ct);
            await File.WriteAllBytesAsync(file.FullName, buffer.ToArray(), ct);
            await output.WriteLineAsync($"Wrote {file.FullName}: {entries.Count} audit entries ({entries.Count(e => e.Refused)} refused attempts).");
            return 0;
        }));
        return new Command("audit", "The audit trail: every act that changed something, and every refused attempt to write.") { export };
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        day = parsed;
        return true;
    }
}
