using System.CommandLine;

namespace RectifyBot.Bot.Cli;

/// <summary><c>pack [-o appPackage.zip] [--bot-id guid] [--manifest-dir folder]</c>: the Teams app package (<see cref="AppPackage"/>).</summary>
public static partial class RectifyCommandLine
{
    private static Command PackCommand(TextWriter output, TextWriter error)
    {
        var outputOption = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the zip (default appPackage.zip in the working directory)." };
        var botIdOption = new Option<string?>("--bot-id") { Description = "The Azure Bot's Microsoft App ID to write into the manifest, instead of the configured MicrosoftAppId." };
        var folderOption = new Option<DirectoryInfo?>("--manifest-dir") { Description = "The folder holding manifest.json, its localization files and icons (default: the repository's manifest/)." };
        var pack = new Command("pack", "Write the Teams app package (manifest with the bot id, localization files, icons), validated against Microsoft's manifest schema.")
        {
            outputOption, botIdOption, folderOption,
        };
        pack.TreatUnmatchedTokensAsErrors = false;
        pack.SetAction((result, ct) => RunAsync(result, error, async config =>
        {
            try
            {
                var botId = result.GetValue(botIdOption) is { } given
                    ? AppPackage.ParseBotId(given, "--bot-id")
                    : AppPackage.ParseBotId(ReadConfiguration(config)["MicrosoftAppId"], "MicrosoftAppId");
                var tools = AppPackage.FindManifestFolder()
                    ?? throw new AppPackageException("The repository's manifest/ folder (manifest.json, validate.mjs) was not found above the working directory; run pack from the repository.");
                var source = result.GetValue(folderOption)?.FullName ?? tools;
                var zip = result.GetValue(outputOption)?.FullName ?? Path.Combine(Environment.CurrentDirectory, "appPackage.zip");
                var package = await AppPackage.BuildAsync(source, tools, botId, zip, ct);
                await output.WriteLineAsync($"Wrote {package.ZipPath} ({string.Join(", ", package.Entries)}) for bot {package.BotId:D}; the manifest and its localization files match Microsoft's schema.");
                return 0;
            }
            catch (AppPackageException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
        }));
        return pack;
    }

    /// <summary>The configuration the host would read (appsettings.json, environment, --Key=value), without building its services.</summary>
    private static IConfiguration ReadConfiguration(string[] configurationArgs) =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory }).Configuration;
}
