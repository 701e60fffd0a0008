using Microsoft.Playwright;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;
using Xunit.Abstractions;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The playground in a real browser: Debian's Chromium, headless, driven by Playwright (no browser of its own), Web Chat
/// from the host's bundle talking to the host's Direct Line. Screenshots are kept under the test output's
/// <c>artifacts/playground</c> folder (the path is printed).
/// </summary>
[Collection(BrowserTests.Collection)]
public class PlaygroundBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "playground");

    private static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: the browser tests need Debian's Chromium (apt-get install chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        return (playwright, browser);
    }

    private async Task<IPage> OpenAsync(IBrowser browser, RunningBot bot, string person, string locale)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 1400 } });
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                output.WriteLine($"[browser console] {message.Text}");
            }
        };
        await page.GotoAsync(new Uri(bot.Client.BaseAddress!, $"/?as={person}&locale={locale}").ToString());
        await Assertions.Expect(page.Locator("#person")).ToHaveValueAsync(person);
        await SendBox(page).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        // Connected: the bot's welcome (sent when the conversation starts) is shown.
        await Assertions.Expect(page.Locator(".webchat__basic-transcript")).ToContainTextAsync("RectifyBot", Long);
        return page;
    }

    private static ILocator SendBox(IPage page) => page.Locator("[data-id='webchat-sendbox-input']");

    private static async Task SayAsync(IPage page, string text)
    {
        await SendBox(page).FillAsync(text);
        await SendBox(page).PressAsync("Enter");
        await Assertions.Expect(SendBox(page)).ToHaveValueAsync("", new LocatorAssertionsToHaveValueOptions { Timeout = 30_000 });
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>Runs a browser step; on failure keeps a screenshot of where it stood.</summary>
    private async Task StepAsync(IPage page, string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch
        {
            await ScreenshotAsync(page, name + "-failed");
            throw;
        }
        await ScreenshotAsync(page, name);
    }

    private static readonly LocatorAssertionsToContainTextOptions Long = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_official_reports_progress_through_the_card_in_web_chat_and_the_store_holds_one_report()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OpenAsync(browser, bot, "u-water", "zh-CN");

        var form = page.Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = "完成比例" }).Last;
        await StepAsync(page, "water-1-form", async () =>
        {
            await SayAsync(page, "report progress for task 3");
            await form.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        });
        await StepAsync(page, "water-2-filled", async () =>
        {
            await form.Locator("select").First.SelectOptionAsync("InProgress");
            await form.Locator("input[type=number]").First.FillAsync("60");
            await form.Locator("textarea").First.FillAsync("福新泵站主体完工");
            await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "提交" }).ClickAsync();
        });
        await StepAsync(page, "water-3-saved", async () =>
            await Assertions.Expect(page.Locator(".webchat__basic-transcript")).ToContainTextAsync("已保存任务 3 的 2019-03 进展报告", Long));

        var store = new SqliteTaskStore(Path.Combine(bot.Folder, "bot.db"), new UnitMatcher());
        var report = Assert.Single((await store.QueryReportsAsync(new ReportQuery { TaskNumber = 3 }, PageRequest.First)).Items);
        Assert.Equal(60, report.PercentComplete);
        Assert.Equal("福新泵站主体完工", report.Summary);
    }

    [Fact]
    public async Task A_leader_sees_the_overdue_card_and_after_switching_to_english_gets_an_english_answer()
    {
        await using var bot = await RunningBot.StartAsync("--Clock:Today=2019-03-20");
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OpenAsync(browser, bot, "u-leader", "zh-CN");
        var transcript = page.Locator(".webchat__basic-transcript");

        await StepAsync(page, "leader-1-overdue-zh", async () =>
        {
            await SayAsync(page, "哪些任务逾期了");
            await Assertions.Expect(transcript.Locator(".ac-adaptiveCard").Last).ToContainTextAsync("逾期任务 · 全部单位（截至 2019-03-20）", Long);
            await Assertions.Expect(transcript.Locator(".ac-adaptiveCard").Last).ToContainTextAsync("🔴 任务 1", Long);
        });

        await StepAsync(page, "leader-2-overdue-en", async () =>
        {
            await page.Locator("#locale").SelectOptionAsync("en-US");
            // A new conversation in English: the Chinese transcript is gone and the English welcome has come over the
            // new Direct Line connection (only then does the send box send).
            await Assertions.Expect(page.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync("逾期任务", Long);
            await Assertions.Expect(page.Locator(".webchat__basic-transcript")).ToContainTextAsync("I am RectifyBot", Long);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
            await SayAsync(page, "what is overdue");
            await Assertions.Expect(page.Locator(".webchat__basic-transcript .ac-adaptiveCard").Last).ToContainTextAsync("Overdue · ", Long);
        });
        await Assertions.Expect(page.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync("逾期任务");
    }
}
