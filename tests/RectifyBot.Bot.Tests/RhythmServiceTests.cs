using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>The host keeps the rhythm by itself: a tick a minute on its clock, the 09:00 reminder sent when 09:00 passes, once.</summary>
public sealed class RhythmServiceTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-rhythm-service-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 3, 8, 8, 58, 30, TimeSpan.FromHours(8)));
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    private WebApplication Host(bool enabled = true) => BotWebHost.Build(
        [$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning", $"--Supervision:Enabled={enabled}", "--Urls=http://127.0.0.1:0"],
        builder => builder.Services.AddSingleton<TimeProvider>(_time));

    private async Task SeedAsync(WebApplication host)
    {
        await SampleData.LoadAsync(host.Services.GetRequiredService<ITaskStore>(), host.Services.GetRequiredService<PlanImporter>());
        await host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(_connector.Personal("u-water", _time.GetUtcNow()));
    }

    private async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        return condition();
    }

    [Fact]
    public async Task The_reminder_due_at_nine_goes_out_on_the_first_tick_after_nine_and_only_once()
    {
        await using var host = Host();
        await SeedAsync(host);
        await host.StartAsync();
        var clock = host.Services.GetRequiredService<RhythmClock>();
        Assert.True(await EventuallyAsync(() => clock.LastTickAsync(default).GetAwaiter().GetResult() is not null)); // the first tick, at 08:58:30

        _time.Advance(TimeSpan.FromMinutes(1)); // 08:59:30: nothing due
        await Task.Delay(200);
        Assert.Empty(_connector.Received);

        _time.Advance(TimeSpan.FromMinutes(1)); // 09:00:30: the reminder (the 10th is a Sunday, so the 8th)
        Assert.True(await EventuallyAsync(() => _connector.Received.Count == 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        Assert.Single(_connector.Received);
        await host.StopAsync();
    }

    [Fact]
    public async Task With_the_rhythm_off_the_host_sends_nothing()
    {
        await using var host = Host(enabled: false);
        await SeedAsync(host);
        await host.StartAsync();
        _time.Advance(TimeSpan.FromMinutes(3));
        await Task.Delay(300);
        Assert.Empty(_connector.Received);
        Assert.Null(await host.Services.GetRequiredService<RhythmClock>().LastTickAsync(default));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reminder_that_failed_for_now_is_tried_again_by_later_ticks_after_its_back_off_and_goes_once()
    {
        await using var host = Host();
        await SeedAsync(host);
        _connector.Answers["a:u-water"] = new([500, 500, 500, 500]); // the channel fails for a while
        await host.StartAsync();
        var log = host.Services.GetRequiredService<ISendLog>();
        Assert.True(await EventuallyAsync(() => host.Services.GetRequiredService<RhythmClock>().LastTickAsync(default).GetAwaiter().GetResult() is not null));

        _time.Advance(TimeSpan.FromMinutes(2)); // 09:00:30: the reminder is due; its first attempt fails
        Assert.True(await EventuallyAsync(() => log.FindSendAsync("reminder|2019-03-08|u-water").GetAwaiter().GetResult()?.RetryAfter is not null));
        for (var minute = 0; minute < 15 && _connector.Received.IsEmpty; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1)); // a tick a minute; the back-offs (4 s, 16 s, 64 s, 256 s) pass
            await Task.Delay(150);
        }

        Assert.True(await EventuallyAsync(() => _connector.Received.Count == 1));
        var record = (await log.FindSendAsync("reminder|2019-03-08|u-water"))!;
        Assert.NotNull(record.SentAt);
        Assert.True(record.Attempts > 1);
        _time.Advance(TimeSpan.FromMinutes(3));
        await Task.Delay(200);
        Assert.Single(_connector.Received);
        await host.StopAsync();
    }
}
