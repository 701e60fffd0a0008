using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using RectifyBot.Tasks.Disclosure;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// <c>disclose &lt;task&gt; -o notice.docx [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--office 办公室]</c>: the public notice
/// (整改情况公示) of one task as a Word document (<see cref="DisclosureDocument"/>). Like <c>export -o</c>, an existing
/// file is replaced; nothing is written when the task does not exist or the store cannot be read.
/// </summary>
public static partial class RectifyCommandLine
{
    private static Command DiscloseCommand(TextWriter output, TextWriter error)
    {
        var taskArgument = new Argument<int>("task") { Description = "The task's number in the plan." };
        var outputOption = new Option<FileInfo>("--output", "-o") { Description = "The .docx file to write (replaced if it exists).", Required = true };
        var fromOption = DateOption("--from", "The first day of the public period, yyyy-MM-dd (China time); default today.");
        var toOption = DateOption("--to", "The last day of the public period, yyyy-MM-dd; default the first day plus Disclosure:Days (7) less one.");
        var officeOption = new Option<string?>("--office") { Description = "The issuing office, at the end and as the place for feedback; default Disclosure:Office (整改工作领导小组办公室)." };
        var disclose = new Command("disclose", "Write the public notice (整改情况公示) of one task as a Word document: the plan's problem, goal, measures and units, " +
            "and its progress as reported, without reporters or evidence.")
        {
            taskArgument, outputOption, fromOption, toOption, officeOption,
        };
        disclose.TreatUnmatchedTokensAsErrors = false;
        disclose.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var options = host.Services.GetRequiredService<IOptions<DisclosureOptions>>().Value;
            var from = ParseDate(result.GetValue(fromOption)) ?? PlanClock.Today(host.Services.GetRequiredService<TimeProvider>());
            var to = ParseDate(result.GetValue(toOption)) ?? from.AddDays(options.Days - 1);
            if (to < from)
            {
                await error.WriteLineAsync($"--to {to:yyyy-MM-dd} is before the first day of the public period, {from:yyyy-MM-dd}; nothing written.");
                return 1;
            }
            var office = result.GetValue(officeOption) is { } given && !string.IsNullOrWhiteSpace(given) ? given.Trim() : options.Office;
            var number = result.GetValue(taskArgument);
            var notice = await DisclosureNotice.FromStoreAsync(host.Services.GetRequiredService<ITaskStore>(), number, from, to, office, options.Inspection, ct);
            if (notice is null)
            {
                await error.WriteLineAsync($"There is no task {number} in the store; nothing written.");
                return 1;
            }
            using var buffer = new MemoryStream();
            DisclosureDocument.Write(notice, buffer); // built whole before the file is touched: a failure leaves no half file
            var file = result.GetValue(outputOption)!;
            await File.WriteAllBytesAsync(file.FullName, buffer.ToArray(), ct);
            await output.WriteLineAsync($"Wrote {file.FullName}: {DisclosureWords.Title(notice)}, public {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, " +
                $"{(notice.Progress is null ? "no report yet" : $"latest report {notice.Progress.PercentComplete}%")}.");
            return 0;
        }));
        return disclose;
    }

    private static Option<string?> DateOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ParseDate(text) is null)
            {
                r.AddError($"{name} «{text}» is not a date written yyyy-MM-dd.");
            }
        });
        return option;
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
