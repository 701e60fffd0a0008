using System.CommandLine;
using RectifyBot.Cards;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// <c>quarter --quarter 2019Q1 -o q1.xlsx [--locale en-US]</c>: the quarterly filing (季度报备) as an Excel workbook
/// (<see cref="QuarterWorkbook"/>) read from the configured store.
/// </summary>
public static partial class RectifyCommandLine
{
    private static Command QuarterCommand(TextWriter output, TextWriter error)
    {
        var quarterOption = new Option<string>("--quarter", "-q") { Description = "The quarter: 2019Q1, 2019-Q1, Q1 2019 or 2019年一季度.", Required = true };
        var outputOption = new Option<FileInfo>("--output", "-o") { Description = "The workbook to write (.xlsx).", Required = true };
        var localeOption = new Option<string>("--locale") { Description = "The workbook's language: zh-CN (default) or en-US.", DefaultValueFactory = _ => "zh-CN" };
        var quarter = new Command("quarter", "Write a quarter's filing as an Excel workbook: summary, tasks as they stood at the quarter's end, the quarter's reports, supervision notices.")
        {
            quarterOption, outputOption, localeOption,
        };
        quarter.TreatUnmatchedTokensAsErrors = false;
        quarter.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            // Checked before the store is opened: a bad value writes nothing and touches nothing.
            var text = result.GetValue(quarterOption)!;
            if (!Quarter.TryParse(text, out var which))
            {
                await error.WriteLineAsync($"--quarter «{text}» is not a quarter; write it 2019Q1, 2019-Q1, Q1 2019 or 2019年一季度.");
                return 1;
            }
            var locale = result.GetValue(localeOption)!;
            if (!locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !locale.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"--locale «{locale}» is not zh-CN or en-US.");
                return 1;
            }
            var language = Localizer.FromLocale(locale);
            var file = result.GetValue(outputOption)!;

            using var host = BuildHost(config);
            var today = PlanClock.Today(host.Services.GetRequiredService<TimeProvider>());
            var report = await QuarterReport.ReadAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<UnitMatcher>(), which, today, ct, host.Services.GetRequiredService<INoticeStore>());
            // Built in memory and written at once: a failed read leaves no half file.
            using var buffer = new MemoryStream();
            QuarterWorkbook.Write(report, key => Localizer.Get(language, key), buffer);
            await File.WriteAllBytesAsync(file.FullName, buffer.ToArray(), ct);
            await output.WriteLineAsync($"Wrote {file.FullName}: {which} as of {report.AsOf:yyyy-MM-dd}, {report.Tasks.Count} tasks, {report.Reports.Count} reports in the quarter, {report.Notices.Count} supervision notices.");
            return 0;
        }));
        return quarter;
    }
}
