using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RectifyBot.Bot.Hosting;
using RectifyBot.Tasks;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// The executable's commands: serve (default), chat, import, people import, demo, export, provision, schedule, send-due, pack, quarter, audit export. Arguments of the
/// form <c>--Key=value</c> that a command does not know, such as <c>--Store:Sqlite:Path=plan.db</c>, are configuration;
/// any other word a command does not know is an error, and nothing runs. Everything is written to the writers given.
/// </summary>
public static partial class RectifyCommandLine
{
    public const string CommandList = "serve (default), chat, import, people import, demo, export, provision, schedule, send-due, pack, quarter, disclose, audit export, nlu eval, nlu train";

    /// <summary>Parses and runs a command line; the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default)
    {
        var parsed = Build(output, error, input).Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.CommandResult.Command is RootCommand || parsed.CommandResult.Command.Name == "serve")
        {
            // The web host handles SIGTERM and Ctrl+C itself and drains the turns in flight (Hosting/Shutdown.cs);
            // System.CommandLine's handler would end the process 2 seconds after the signal, in the middle of them.
            configuration.ProcessTerminationTimeout = null;
        }
        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    public static RootCommand Build(TextWriter output, TextWriter error, TextReader input)
    {
        var root = new RootCommand("RectifyBot: runs a rectification plan's task list in Microsoft Teams.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction((result, ct) => RunAsync(result, error, config => ServeAsync(config, ct)));

        var serve = new Command("serve", "Serve the bot at /api/messages (default: http://localhost:3978).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => RunAsync(result, error, config => ServeAsync(config, ct)));

        var asOption = new Option<string>("--as") { Description = "The user to chat as: an AAD object id from the directory (e.g. u-water).", Required = true };
        var localeOption = new Option<string>("--locale") { Description = "The chat's locale: zh-CN (default) or en-US.", DefaultValueFactory = _ => "zh-CN" };
        var chat = new Command("chat", "Talk to the bot in this terminal, in process.") { asOption, localeOption };
        chat.TreatUnmatchedTokensAsErrors = false;
        chat.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config, seedSample: true);
            await host.StartAsync(ct);
            await host.Services.GetRequiredService<ConsoleChat>().RunAsync(result.GetValue(asOption)!, result.GetValue(localeOption)!, input, output, ct);
            await host.StopAsync(CancellationToken.None);
            return 0;
        }));

        var fileArgument = new Argument<FileInfo>("file") { Description = "The plan: UTF-8 text or .docx." };
        var referenceOption = new Option<string?>("--reference-date") { Description = "The date relative deadlines (年底前) are read against, yyyy-MM-dd; default today." };
        referenceOption.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                r.AddError($"--reference-date «{text}» is not a date written yyyy-MM-dd.");
            }
        });
        var import = new Command("import", "Import a rectification plan's task list into the store (SQLite: one transaction; Graph: idempotent, import again to finish an interrupted one).") { fileArgument, referenceOption };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var reference = result.GetValue(referenceOption) is { } text
                ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : PlanClock.Today(host.Services.GetRequiredService<TimeProvider>());
            var summary = await host.Services.GetRequiredService<PlanImporter>().ImportFileAsync(result.GetValue(fileArgument)!.FullName, reference, ct, AuditActor.CommandLine());
            await output.WriteLineAsync(summary.ToString());
            return 0;
        }));

        var csvArgument = new Argument<FileInfo>("file") { Description = "CSV with the header aadObjectId,upn,name,unit,role." };
        var peopleImport = new Command("import", "Add or update people in the directory from CSV.") { csvArgument };
        peopleImport.TreatUnmatchedTokensAsErrors = false;
        peopleImport.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            return await ImportPeopleAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<PlanImporter>(), result.GetValue(csvArgument)!, output, ct);
        }));
        var people = new Command("people", "The directory of people.") { peopleImport };

        var demo = new Command("demo", "Load the bundled sample (Wuhan 2018 plan, demo directory) into the configured store.") { TreatUnmatchedTokensAsErrors = false };
        demo.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var (added, plan) = await SampleData.LoadAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<PlanImporter>(), ct, AuditActor.CommandLine());
            await output.WriteLineAsync($"Directory: {added.Added.Count} added, {added.Updated.Count} updated, {added.Unchanged.Count} unchanged.");
            await output.WriteLineAsync(plan.ToString());
            return 0;
        }));

        var outputOption = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the tasks, reports, people, send log, conversation addresses and audit trail as JSON.") { outputOption };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            var store = host.Services.GetRequiredService<ITaskStore>();
            using var buffer = new MemoryStream();
            // All read before anything is written: a failed read leaves no half file.
            await StoreExport.WriteAsync(store, buffer, ct, host.Services.GetRequiredService<ISendLog>(), host.Services.GetRequiredService<IConversationStore>(),
                host.Services.GetRequiredService<IAuditLog>());
            if (result.GetValue(outputOption) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, buffer.ToArray(), ct);
            }
            else
            {
                await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            return 0;
        }));

        var provision = new Command("provision", "Create the SharePoint lists and columns the Graph store needs (Store:Provider=Graph); safe to run again.") { TreatUnmatchedTokensAsErrors = false };
        provision.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            using var host = BuildHost(config);
            if (!host.Services.GetRequiredService<IOptions<StoreOptions>>().Value.IsGraph)
            {
                await error.WriteLineAsync("provision needs Store:Provider=Graph (the embedded store creates its tables itself).");
                return 2;
            }
            var report = await host.Services.GetRequiredService<GraphListClient>().ProvisionAsync(ct);
            await output.WriteLineAsync(report.ChangedNothing ? "The site already has every list and column; nothing changed."
                : $"Created lists: {(report.CreatedLists.Count == 0 ? "none" : string.Join(", ", report.CreatedLists))}. Added columns: {(report.AddedColumns.Count == 0 ? "none" : string.Join(", ", report.AddedColumns))}.");
            return 0;
        }));

        root.Subcommands.Add(serve);
        root.Subcommands.Add(chat);
        root.Subcommands.Add(import);
        root.Subcommands.Add(people);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(export);
        root.Subcommands.Add(provision);
        foreach (var command in RhythmCommands(output, error))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(PackCommand(output, error));
        root.Subcommands.Add(QuarterCommand(output, error));
        root.Subcommands.Add(DiscloseCommand(output, error));
        root.Subcommands.Add(AuditCommand(output, error));
        root.Subcommands.Add(NluCommand(output, error));
        return root;
    }

    /// <summary>
    /// Runs a command's work with its configuration arguments: refuses any unknown word that is not <c>--Key=value</c>
    /// before anything starts, and turns an expected failure into one line on the error writer and a non-zero exit.
    /// </summary>
    private static async Task<int> RunAsync(ParseResult result, TextWriter error, Func<string[], Task<int>> work)
    {
        var unknown = result.UnmatchedTokens.Where(t => !ConfigurationArgument().IsMatch(t)).ToList();
        if (unknown.Count > 0)
        {
            await error.WriteLineAsync($"Unknown command or argument: {string.Join(" ", unknown.Select(t => $"«{t}»"))}. The commands are {CommandList}; " +
                "configuration is given as --Key=value (e.g. --Store:Sqlite:Path=plan.db). See --help.");
            return 1;
        }
        try
        {
            return await work([.. result.UnmatchedTokens]);
        }
        catch (Exception e) when (CommandFailures.Describe(e) is { } failure)
        {
            await error.WriteLineAsync(failure.Message);
            return failure.ExitCode;
        }
    }

    [GeneratedRegex(@"^--[A-Za-z][A-Za-z0-9_.:\-]*=", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationArgument();

    private static async Task<int> ServeAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        await using var app = BotWebHost.Build(configurationArgs);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>A host with the bot's services and configuration but no web server, for the commands.</summary>
    public static IHost BuildHost(string[] configurationArgs, bool seedSample = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The commands print their own results; logs go to standard error, warnings and worse only.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddRectifyBot();
        if (seedSample)
        {
            builder.Services.AddHostedService<SampleSeeder>();
        }
        return builder.Build();
    }

    private static async Task<int> ImportPeopleAsync(ITaskStore store, PlanImporter importer, FileInfo file, TextWriter output, CancellationToken cancellationToken)
    {
        PeopleCsv csv;
        using (var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            csv = PeopleCsvReader.Read(reader);
        }
        var before = (await store.ListPeopleAsync(cancellationToken)).ToList();
        var outcome = await importer.ImportPeopleAsync(csv.People, file.Name, csv.Rejected.Count, cancellationToken, AuditActor.CommandLine());
        await output.WriteLineAsync($"People from {file.Name}: {outcome.Added.Count} added, {outcome.Updated.Count} updated, {outcome.Unchanged.Count} unchanged, {csv.Rejected.Count} rejected.");
        foreach (var person in outcome.Updated)
        {
            var old = before.FirstOrDefault(p => (person.AadObjectId is not null && p.AadObjectId == person.AadObjectId) || (person.Upn is not null && string.Equals(p.Upn, person.Upn, StringComparison.OrdinalIgnoreCase)));
            await output.WriteLineAsync($"  updated {person.Key}: {old?.Name}/{old?.Unit}/{old?.Role} -> {person.Name}/{person.Unit}/{person.Role}");
        }
        foreach (var row in csv.Rejected)
        {
            await output.WriteLineAsync($"  rejected line {row.Line}: {row.Reason}");
        }
        return csv.Rejected.Count == 0 ? 0 : 1;
    }
}
