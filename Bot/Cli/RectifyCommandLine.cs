using System.CommandLine;
using System.Globalization;
using System.Text;
using RectifyBot.Bot.Hosting;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// The executable's commands: serve (default), chat, import, people import, demo, export. Words the commands do not
/// know, such as <c>--Store:Sqlite:Path=plan.db</c> or <c>--Clock:Today=2019-03-10</c>, are configuration.
/// </summary>
public static class RectifyCommandLine
{
    public static RootCommand Build(TextWriter output, TextReader input)
    {
        var root = new RootCommand("RectifyBot: runs a rectification plan's task list in Microsoft Teams.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens.ToArray(), ct));

        var serve = new Command("serve", "Serve the bot at /api/messages (default: http://localhost:3978).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => ServeAsync(result.UnmatchedTokens.ToArray(), ct));

        var asOption = new Option<string>("--as") { Description = "The user to chat as: an AAD object id from the directory (e.g. u-water).", Required = true };
        var localeOption = new Option<string>("--locale") { Description = "The chat's locale: zh-CN (default) or en-US.", DefaultValueFactory = _ => "zh-CN" };
        var chat = new Command("chat", "Talk to the bot in this terminal, in process.") { asOption, localeOption };
        chat.TreatUnmatchedTokensAsErrors = false;
        chat.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray(), seedSample: true);
            await host.StartAsync(ct);
            await host.Services.GetRequiredService<ConsoleChat>().RunAsync(result.GetValue(asOption)!, result.GetValue(localeOption)!, input, output, ct);
            await host.StopAsync(CancellationToken.None);
            return 0;
        });

        var fileArgument = new Argument<FileInfo>("file") { Description = "The plan: UTF-8 text or .docx." };
        var referenceOption = new Option<string?>("--reference-date") { Description = "The date relative deadlines (年底前) are read against, yyyy-MM-dd; default today." };
        var import = new Command("import", "Import a rectification plan's task list into the store, in one transaction.") { fileArgument, referenceOption };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray());
            var reference = result.GetValue(referenceOption) is { } text
                ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : PlanClock.Today(host.Services.GetRequiredService<TimeProvider>());
            try
            {
                var summary = await host.Services.GetRequiredService<PlanImporter>().ImportFileAsync(result.GetValue(fileArgument)!.FullName, reference, ct);
                await output.WriteLineAsync(summary.ToString());
                return 0;
            }
            catch (ImportException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });

        var csvArgument = new Argument<FileInfo>("file") { Description = "CSV with the header aadObjectId,upn,name,unit,role." };
        var peopleImport = new Command("import", "Add or update people in the directory from CSV.") { csvArgument };
        peopleImport.TreatUnmatchedTokensAsErrors = false;
        peopleImport.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray());
            return await ImportPeopleAsync(host.Services.GetRequiredService<ITaskStore>(), result.GetValue(csvArgument)!, output, ct);
        });
        var people = new Command("people", "The directory of people.") { peopleImport };

        var demo = new Command("demo", "Load the bundled sample (Wuhan 2018 plan, demo directory) into the configured store.") { TreatUnmatchedTokensAsErrors = false };
        demo.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray());
            var (added, plan) = await SampleData.LoadAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<PlanImporter>(), ct);
            await output.WriteLineAsync($"Directory: {added.Added.Count} added, {added.Updated.Count} updated, {added.Unchanged.Count} unchanged.");
            await output.WriteLineAsync(plan.ToString());
            return 0;
        });

        var outputOption = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the tasks, reports and people as JSON.") { outputOption };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray());
            var store = host.Services.GetRequiredService<ITaskStore>();
            if (result.GetValue(outputOption) is { } file)
            {
                await using var stream = file.Create();
                await StoreExport.WriteAsync(store, stream, ct);
            }
            else
            {
                using var buffer = new MemoryStream();
                await StoreExport.WriteAsync(store, buffer, ct);
                await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            return 0;
        });

        root.Subcommands.Add(serve);
        root.Subcommands.Add(chat);
        root.Subcommands.Add(import);
        root.Subcommands.Add(people);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(export);

        var provision = new Command("provision", "Create the SharePoint lists and columns the Graph store needs (Store:Provider=Graph); safe to run again.") { TreatUnmatchedTokensAsErrors = false };
        provision.SetAction(async (result, ct) =>
        {
            using var host = BuildHost(result.UnmatchedTokens.ToArray());
            if (!host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RectifyBot.Tasks.StoreOptions>>().Value.IsGraph)
            {
                await Console.Error.WriteLineAsync("provision needs Store:Provider=Graph (the embedded store creates its tables itself).");
                return 2;
            }
            var report = await host.Services.GetRequiredService<RectifyBot.Tasks.Store.Graph.GraphListClient>().ProvisionAsync(ct);
            await output.WriteLineAsync(report.ChangedNothing ? "The site already has every list and column; nothing changed."
                : $"Created lists: {(report.CreatedLists.Count == 0 ? "none" : string.Join(", ", report.CreatedLists))}. Added columns: {(report.AddedColumns.Count == 0 ? "none" : string.Join(", ", report.AddedColumns))}.");
            return 0;
        });
        root.Subcommands.Add(provision);
        return root;
    }

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

    private static async Task<int> ImportPeopleAsync(ITaskStore store, FileInfo file, TextWriter output, CancellationToken cancellationToken)
    {
        PeopleCsv csv;
        try
        {
            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            csv = PeopleCsvReader.Read(reader);
        }
        catch (Exception e) when (e is ImportException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var before = (await store.ListPeopleAsync(cancellationToken)).ToList();
        var outcome = await store.UpsertPeopleAsync(csv.People, cancellationToken);
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
