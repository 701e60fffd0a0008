using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RectifyBot.Bot.Cli;

/// <summary>A failure <see cref="AppPackage"/> expects (no bot id, the validator not installed, a schema error): one message, no stack trace.</summary>
public sealed class AppPackageException(string message) : Exception(message);

/// <summary>What <see cref="AppPackage.BuildAsync"/> wrote: the zip, its entries and the bot id filled in.</summary>
public sealed record AppPackageResult(string ZipPath, IReadOnlyList<string> Entries, Guid BotId);

/// <summary>
/// The Teams app package: <c>manifest/manifest.json</c> with the bot id written into every <c>botId</c> of
/// <c>bots</c> and <c>composeExtensions</c>, its localization files and icons, validated against Microsoft's JSON schema
/// (npm <c>@microsoft/app-manifest</c>, offline, through <c>manifest/validate.mjs</c>) and zipped with every file at the
/// root. Nothing is written unless every file is valid.
/// </summary>
public static class AppPackage
{
    /// <summary>The placeholder bot id in the committed manifest.</summary>
    public const string PlaceholderBotId = "00000000-0000-0000-0000-000000000000";

    public const string InstallHint = "npm ci --prefix manifest";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bot id to write: a GUID other than the placeholder, or a message saying what to set.</summary>
    public static Guid ParseBotId(string? value, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AppPackageException("pack needs the bot's Microsoft App ID: set MicrosoftAppId (appsettings.json, the environment variable MicrosoftAppId, " +
                "or --MicrosoftAppId=<guid>) to the Azure Bot's app id, or pass --bot-id <guid>. Nothing was written.");
        }
        if (!Guid.TryParseExact(value.Trim(), "D", out var id) || id == Guid.Empty)
        {
            throw new AppPackageException($"{source} «{value}» is not a Microsoft App ID (a GUID such as 2f1c…-…): Teams refuses a package without the bot's real id. Nothing was written.");
        }
        return id;
    }

    /// <summary>The repository's <c>manifest/</c> folder: the first found walking up from the working directory, then from the executable's.</summary>
    public static string? FindManifestFolder()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "manifest");
                if (File.Exists(Path.Combine(candidate, "manifest.json")) && File.Exists(Path.Combine(candidate, "validate.mjs")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Fills, validates and zips the manifest in <paramref name="sourceFolder"/>, with the validator (and its
    /// <c>node_modules</c>) in <paramref name="toolsFolder"/>; the zip replaces <paramref name="zipPath"/> only when valid.
    /// </summary>
    public static async Task<AppPackageResult> BuildAsync(string sourceFolder, string toolsFolder, Guid botId, string zipPath, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(sourceFolder, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new AppPackageException($"There is no manifest.json in {sourceFolder}.");
        }
        if (!File.Exists(Path.Combine(toolsFolder, "node_modules", "@microsoft", "app-manifest", "package.json"))
            || !File.Exists(Path.Combine(toolsFolder, "node_modules", "fs-extra", "package.json")))
        {
            throw new AppPackageException($"The manifest validator's packages are not installed ({Path.Combine(toolsFolder, "node_modules")} is missing or incomplete). " +
                $"Run `{InstallHint}` in the repository's root folder, then pack again. Nothing was written.");
        }

        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken))?.AsObject() ?? throw new AppPackageException("manifest.json is empty.");
        }
        catch (JsonException e)
        {
            throw new AppPackageException($"manifest.json is not JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            throw new AppPackageException("manifest.json is not a JSON object.");
        }
        FillBotId(manifest, botId);

        // Every file the manifest names, relative to its folder and inside it.
        var files = new List<string>();
        foreach (var name in NamedFiles(manifest))
        {
            var full = Path.GetFullPath(Path.Combine(sourceFolder, name));
            if (!full.StartsWith(Path.GetFullPath(sourceFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(name))
            {
                throw new AppPackageException($"manifest.json names «{name}», which is not a file inside {sourceFolder}.");
            }
            if (!File.Exists(full))
            {
                throw new AppPackageException($"manifest.json names «{name}», which does not exist in {sourceFolder}.");
            }
            if (!files.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                files.Add(name);
            }
        }

        var staging = Directory.CreateTempSubdirectory("rectifybot-pack-").FullName;
        try
        {
            var stagedManifest = Path.Combine(staging, "manifest.json");
            await File.WriteAllTextAsync(stagedManifest, manifest.ToJsonString(Indented) + "\n", new UTF8Encoding(false), cancellationToken);
            var localizations = NamedFiles(manifest, localizationOnly: true).Select(f => Path.Combine(sourceFolder, f)).ToList();
            var errors = await ValidateAsync(toolsFolder, [stagedManifest, .. localizations], cancellationToken);
            if (errors.Count > 0)
            {
                var lines = errors.Select(e => $"  {Path.GetFileName(e.File)} (schema {e.Schema ?? "unknown"}): {e.Message}");
                throw new AppPackageException("The app package does not match Microsoft's Teams manifest schema; nothing was written:\n" + string.Join("\n", lines));
            }

            var entries = new List<string> { "manifest.json" };
            var partial = Path.Combine(staging, "appPackage.zip");
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(stagedManifest, "manifest.json");
                foreach (var name in files)
                {
                    var entry = name.Replace('\\', '/');
                    zip.CreateEntryFromFile(Path.Combine(sourceFolder, name), entry);
                    entries.Add(entry);
                }
            }
            var target = Path.GetFullPath(zipPath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(partial, target, overwrite: true);
            return new AppPackageResult(target, entries, botId);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Writes the id into every <c>botId</c> the manifest already has (bots, message extensions); adds none.</summary>
    private static void FillBotId(JsonObject manifest, Guid botId)
    {
        foreach (var section in new[] { "bots", "composeExtensions" })
        {
            if (manifest[section] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>().Where(i => i.ContainsKey("botId")))
                {
                    item["botId"] = botId.ToString("D");
                }
            }
        }
    }

    /// <summary>The icons and localization files the manifest names, as written there.</summary>
    private static IEnumerable<string> NamedFiles(JsonObject manifest, bool localizationOnly = false)
    {
        if (!localizationOnly && manifest["icons"] is JsonObject icons)
        {
            foreach (var (_, value) in icons)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var name))
                {
                    yield return name;
                }
            }
        }
        if (manifest["localizationInfo"] is JsonObject localization)
        {
            if (localization["defaultLanguageFile"] is JsonValue d && d.TryGetValue<string>(out var file))
            {
                yield return file;
            }
            if (localization["additionalLanguages"] is JsonArray languages)
            {
                foreach (var language in languages.OfType<JsonObject>())
                {
                    if (language["file"] is JsonValue f && f.TryGetValue<string>(out var name))
                    {
                        yield return name;
                    }
                }
            }
        }
    }

    private sealed record SchemaError(string File, string? Schema, string Message);

    /// <summary>Runs <c>node validate.mjs</c> on the files; the schema's errors, each naming its file.</summary>
    private static async Task<IReadOnlyList<SchemaError>> ValidateAsync(string toolsFolder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(toolsFolder, "validate.mjs"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AppPackageException("node could not be started.");
        }
        catch (Win32Exception)
        {
            throw new AppPackageException($"Validating the manifest needs Node.js (`node` on the PATH, version 20 or newer): install it, run `{InstallHint}`, then pack again. Nothing was written.");
        }
        using (process)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(120));
            var stdout = process.StandardOutput.ReadToEndAsync(bound.Token);
            var stderr = process.StandardError.ReadToEndAsync(bound.Token);
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new AppPackageException("The manifest validator (node validate.mjs) did not finish in 120 seconds. Nothing was written.");
            }
            var text = await stdout;
            var diagnostics = (await stderr).Trim();
            JsonNode? result;
            try
            {
                result = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                result = null;
            }
            if (result?["files"] is not JsonArray results)
            {
                var why = diagnostics.Length > 0 ? diagnostics.Split('\n').FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal))?.Trim() ?? diagnostics.Split('\n')[0] : $"exit {process.ExitCode}";
                throw new AppPackageException($"The manifest validator failed ({why}). Run `{InstallHint}` and pack again. Nothing was written.");
            }
            return [.. results.OfType<JsonObject>().SelectMany(r => (r["errors"] as JsonArray ?? []).Select(e =>
                new SchemaError((string?)r["file"] ?? "", (string?)r["schema"], e?.GetValue<string>() ?? "")))];
        }
    }
}
