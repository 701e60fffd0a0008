using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RectifyBot.Cards;
using Xunit.Abstractions;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Every card the bot can send (<see cref="CardRulesTests.Builders"/>: each builder, both languages, empty, single and
/// long data) parsed and rendered by Microsoft's own Adaptive Cards JS renderer (npm <c>adaptivecards</c>, the UMD build, with <c>markdown-it</c> so Markdown is read as Teams reads it)
/// in headless Chromium: no parse or validation warnings, an element rendered, a screenshot kept under
/// <c>artifacts/cards/</c> in the test output folder.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class CardRenderTests(CardBrowser browser, ITestOutputHelper output) : IClassFixture<CardBrowser>
{
    [Theory]
    [MemberData(nameof(CardRulesTests.Cases), MemberType = typeof(CardRulesTests))]
    public async Task Every_card_renders_in_the_official_renderer_without_warnings(string card, Language language, string size)
    {
        var json = CardRulesTests.Builders[card](language, size).ToJsonString();
        var result = await browser.RenderAsync(json);

        var name = $"{card}-{(language == Language.Chinese ? "zh" : "en")}-{size}";
        var screenshot = await browser.ScreenshotAsync(name);
        output.WriteLine($"screenshot: {screenshot}");

        var events = result["events"]!.AsArray().Select(e => $"{e!["phase"]} {e["event"]}: {e["message"]}").ToList();
        Assert.True(events.Count == 0, $"{name}: the renderer reported\n{string.Join("\n", events)}");
        Assert.True((bool)result["rendered"]!, $"{name}: the renderer produced no element");
        Assert.True((int)result["height"]! > 0 && (int)result["text"]! > 0, $"{name}: the rendered card is empty");
        // Stored text with Markdown link syntax stays text once Markdown is read: no link to where the data pointed.
        Assert.DoesNotContain(result["links"]!.AsArray(), link => ((string)link!).Contains("evil.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_renderer_reads_markdown_so_an_unescaped_link_would_be_caught()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "[链接](http://evil.example)" }),
        };
        var result = await browser.RenderAsync(card.ToJsonString());
        Assert.Contains(result["links"]!.AsArray(), link => ((string)link!).Contains("evil.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_renderer_does_report_what_it_cannot_read()
    {
        // The check above means something: a card with an unknown element and an input without an id is reported.
        var bad = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "Banner", ["text"] = "x" }, new JsonObject { ["type"] = "Input.Text" }),
        };
        var result = await browser.RenderAsync(bad.ToJsonString());
        Assert.NotEmpty(result["events"]!.AsArray());
    }
}

/// <summary>One headless Chromium (Debian's, never a downloaded one) and one page with the renderer, for all the cards.</summary>
public sealed class CardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public static string ArtifactsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "cards");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the card rendering tests need Debian's Chromium. Install it with `apt-get install -y chromium` (.ci/run does).");
        }
        var page = RendererPage();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        _page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 500, Height = 800 }, Locale = "zh-CN" });
        await _page.GotoAsync(new Uri(page).AbsoluteUri);
        await _page.WaitForFunctionAsync("() => typeof window.AdaptiveCards === 'object' && typeof window.renderCard === 'function'");
        Directory.CreateDirectory(ArtifactsFolder);
    }

    /// <summary>Parses and renders the card; the renderer's events, whether it rendered, the element's height and text length.</summary>
    public async Task<JsonObject> RenderAsync(string cardJson)
    {
        var result = await _page.EvaluateAsync<JsonElement>("json => window.renderCard(json)", cardJson);
        return JsonNode.Parse(result.GetRawText())!.AsObject();
    }

    /// <summary>Keeps a screenshot of the card last rendered; its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ArtifactsFolder, name + ".png");
        await _page.Locator("#card").ScreenshotAsync(new() { Path = path });
        return path;
    }

    /// <summary>The page beside the renderer installed by <c>npm ci --prefix tests/RectifyBot.Bot.Tests/cards-renderer</c>.</summary>
    private static string RendererPage()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var renderer = Path.Combine(folder.FullName, "tests", "RectifyBot.Bot.Tests", "cards-renderer");
            if (Directory.Exists(renderer))
            {
                if (!File.Exists(Path.Combine(renderer, "node_modules", "adaptivecards", "dist", "adaptivecards.js")))
                {
                    throw new InvalidOperationException($"The Adaptive Cards renderer is not installed: run `npm ci --prefix {renderer}` (.ci/run does).");
                }
                return Path.Combine(renderer, "render.html");
            }
        }
        throw new InvalidOperationException("tests/RectifyBot.Bot.Tests/cards-renderer was not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
