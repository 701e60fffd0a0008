using System.IO.Compression;
using System.Text.Json.Nodes;
using RectifyBot.Bot.Cli;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// <c>pack</c>: the repository's manifest validated by Microsoft's schema (npm <c>@microsoft/app-manifest</c>, installed
/// by <c>npm ci --prefix manifest</c>) and zipped with the bot id filled; broken manifests refused with the schema's
/// words and no zip; no usable bot id refused. The icons are checked here too.
/// </summary>
public sealed class PackTests : IDisposable
{
    private const string BotId = "3f2a9c41-7d1e-4b6a-9e25-0c8d7b1f4a62";
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-pack-test-").FullName;

    private static string ManifestFolder => AppPackage.FindManifestFolder() ?? throw new InvalidOperationException("manifest/ not found above " + AppContext.BaseDirectory);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var exit = await RectifyCommandLine.RunAsync(args, output, error, new StringReader(""), bound.Token);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_repository_manifest_validates_and_the_zip_holds_exactly_its_files_with_the_bot_id()
    {
        var zip = Path.Combine(_folder, "appPackage.zip");
        var (exit, output, error) = await RunAsync("pack", "-o", zip, $"--MicrosoftAppId={BotId}");
        Assert.True(exit == 0, error);
        Assert.Contains("match Microsoft's schema", output);

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "en.json", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
        Assert.Equal("1.30", (string?)manifest["manifestVersion"]);
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(BotId, (string?)manifest["composeExtensions"]![0]!["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("zh-cn", (string?)manifest["localizationInfo"]!["defaultLanguageTag"]);
        Assert.DoesNotContain(AppPackage.PlaceholderBotId, manifest.ToJsonString());

        // --bot-id wins over configuration; the committed manifest keeps its placeholder.
        var (again, _, againError) = await RunAsync("pack", "-o", zip, "--bot-id", BotId.ToUpperInvariant(), "--MicrosoftAppId=");
        Assert.True(again == 0, againError);
        Assert.Contains(AppPackage.PlaceholderBotId, await File.ReadAllTextAsync(Path.Combine(ManifestFolder, "manifest.json")));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "missing bots[0].botId", "/bots/0 must have required property 'botId'" },
        { "wrong manifestVersion", "/manifestVersion must be equal to constant" },
        { "invalid scope", "/bots/0/scopes/1 must be equal to one of the allowed values" },
        { "English key the schema does not know", "must NOT have additional properties" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_manifest_fails_with_the_schemas_error_and_no_zip(string breakage, string expected)
    {
        var source = Path.Combine(_folder, "src");
        Directory.CreateDirectory(source);
        foreach (var file in new[] { "manifest.json", "en.json", "color.png", "outline.png" })
        {
            File.Copy(Path.Combine(ManifestFolder, file), Path.Combine(source, file));
        }
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(source, "manifest.json")))!.AsObject();
        var english = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(source, "en.json")))!.AsObject();
        switch (breakage)
        {
            case "missing bots[0].botId": manifest["bots"]![0]!.AsObject().Remove("botId"); break;
            case "wrong manifestVersion": manifest["manifestVersion"] = "1.99"; break;
            case "invalid scope": manifest["bots"]![0]!["scopes"]![1] = "channel"; break;
            default: english["tagline"] = "not a localization key"; break;
        }
        await File.WriteAllTextAsync(Path.Combine(source, "manifest.json"), manifest.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(source, "en.json"), english.ToJsonString());

        var zip = Path.Combine(_folder, "broken.zip");
        var (exit, output, error) = await RunAsync("pack", "-o", zip, "--manifest-dir", source, $"--MicrosoftAppId={BotId}");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("does not match Microsoft's Teams manifest schema", error);
        Assert.Contains(expected, error);
        Assert.Contains(breakage.StartsWith("English", StringComparison.Ordinal) ? "en.json" : "manifest.json", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.False(File.Exists(zip));
    }

    [Theory]
    [InlineData("--MicrosoftAppId=", "pack needs the bot's Microsoft App ID")]
    [InlineData("--MicrosoftAppId=my-bot", "MicrosoftAppId «my-bot» is not a Microsoft App ID")]
    [InlineData("--MicrosoftAppId=00000000-0000-0000-0000-000000000000", "is not a Microsoft App ID")]
    public async Task No_usable_app_id_is_refused_and_nothing_written(string setting, string expected)
    {
        var zip = Path.Combine(_folder, "appPackage.zip");
        var (exit, output, error) = await RunAsync("pack", "-o", zip, setting);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
        Assert.Contains("Nothing was written", error);
        Assert.False(File.Exists(zip));

        var (badFlag, _, flagError) = await RunAsync("pack", "-o", zip, "--bot-id", "nope", $"--MicrosoftAppId={BotId}");
        Assert.Equal(1, badFlag);
        Assert.Contains("--bot-id «nope» is not a Microsoft App ID", flagError);
    }

    [Fact]
    public async Task Without_the_validators_packages_pack_says_what_to_run()
    {
        // A copy of manifest/ without node_modules as the validator's folder.
        var copy = Path.Combine(_folder, "manifest");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(ManifestFolder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var error = await Assert.ThrowsAsync<AppPackageException>(() => AppPackage.BuildAsync(copy, copy, Guid.Parse(BotId), Path.Combine(_folder, "x.zip"), CancellationToken.None));
        Assert.Contains("npm ci --prefix manifest", error.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "x.zip")));
    }

    [Fact]
    public void The_icons_are_the_sizes_Teams_asks_and_the_outline_is_white_on_transparent()
    {
        var colour = Png.Read(Path.Combine(ManifestFolder, "color.png"));
        Assert.Equal((192, 192), (colour.Width, colour.Height));
        var outline = Png.Read(Path.Combine(ManifestFolder, "outline.png"));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.All(outline.Pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p} is neither transparent nor white"));
        Assert.Contains(outline.Pixels, p => p.A == 0);
        Assert.Contains(outline.Pixels, p => p.A == 255);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The manifest's command lists say what the bot understands: every title, in both languages, is a command it recognizes.</summary>
public sealed class ManifestCommandTests
{
    private static string Folder => AppPackage.FindManifestFolder()!;

    [Fact]
    public void Every_command_title_in_the_manifest_and_its_english_file_is_recognized()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!;
        var english = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "en.json")))!.AsObject();
        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
        Assert.Equal(["personal", "team", "groupChat"], lists.Select(l => (string?)l!["scopes"]![0]));
        var today = new DateOnly(2019, 3, 20);
        for (var l = 0; l < lists.Count; l++)
        {
            var commands = lists[l]!["commands"]!.AsArray();
            for (var c = 0; c < commands.Count; c++)
            {
                var chinese = (string)commands[c]!["title"]!;
                Assert.NotEqual(RectifyBot.Dialogs.Recognition.CommandKind.Unknown, RectifyBot.Dialogs.Recognition.CommandRecognizer.Recognize(chinese, today).Kind);
                var key = $"bots[0].commandLists[{l}].commands[{c}].title";
                Assert.True(english.ContainsKey(key), $"en.json has no {key}");
                var translated = (string)english[key]!;
                Assert.Equal(RectifyBot.Dialogs.Recognition.CommandRecognizer.Recognize(chinese, today).Kind, RectifyBot.Dialogs.Recognition.CommandRecognizer.Recognize(translated, today).Kind);
                Assert.True(english.ContainsKey($"bots[0].commandLists[{l}].commands[{c}].description"));
            }
        }
    }
}
