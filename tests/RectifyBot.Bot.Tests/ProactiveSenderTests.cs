using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Sending first through the real host's adapter (no app id, as locally) to a connector over real HTTP that answers each
/// conversation as told: sent once whatever repeats it, a 403/404 marks the address gone, a 429 waits and loses nothing.
/// </summary>
public sealed class ProactiveSenderTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-proactive-").FullName;
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }

    /// <summary>A host's services over the shared database (hosts share it as they would share the task store).</summary>
    private WebApplication Host() => BotWebHost.Build([$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}", "--Logging:LogLevel:Default=Warning"]);

    private ConversationAddress Personal(string aad) => _connector.Personal(aad, DateTimeOffset.UtcNow);

    private static ProactiveMessage Reminder(ConversationAddress to, string text = "本月 15 日前请报送任务 3 的进展") =>
        new($"reminder|2019-03|{to.Key}", "reminder", to, MessageFactory.Text(text));

    [Fact]
    public async Task A_message_is_sent_once_however_often_and_by_however_many_hosts_it_is_sent()
    {
        await using var first = Host();
        await using var second = Host();
        var to = Personal("u-water");
        var senders = new[] { first, second }.Select(h => h.Services.GetRequiredService<ProactiveSender>()).ToList();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => senders[i % 2].SendAsync(Reminder(to), default)));
        Assert.Equal(1, outcomes.Count(o => o == SendOutcome.Sent));
        Assert.Equal(5, outcomes.Count(o => o == SendOutcome.NotClaimed));
        var (conversation, activity) = Assert.Single(_connector.Received);
        Assert.Equal("a:u-water", conversation);
        Assert.Equal("本月 15 日前请报送任务 3 的进展", (string?)activity["text"]);
        Assert.NotNull((await first.Services.GetRequiredService<ISendLog>().FindSendAsync(Reminder(to).Key))!.SentAt);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_conversation_the_bot_was_removed_from_is_marked_gone_and_not_tried_again(int status)
    {
        await using var host = Host();
        var to = Personal("u-agri");
        await host.Services.GetRequiredService<IConversationStore>().SaveConversationAsync(to);
        _connector.Answers[to.ConversationId] = new([status]);

        Assert.Equal(SendOutcome.Gone, await host.Services.GetRequiredService<ProactiveSender>().SendAsync(Reminder(to), default));
        var stored = (await host.Services.GetRequiredService<IConversationStore>().FindConversationAsync(to.Key))!;
        Assert.True(stored.IsGone);
        Assert.StartsWith(status.ToString(), stored.GoneReason);
        Assert.Equal(SendOutcome.Gone, await host.Services.GetRequiredService<ProactiveSender>().SendAsync(Reminder(stored) with { Key = "countdown|3|7|personal:u-agri" }, default));
        Assert.Empty(_connector.Received);
    }

    [Fact]
    public async Task A_throttled_send_waits_for_retry_after_and_then_goes_once()
    {
        await using var host = Host();
        var sender = host.Services.GetRequiredService<ProactiveSender>();
        var to = Personal("u-jiangan");
        _connector.Answers[to.ConversationId] = new([429, 429, 429, 429, 429, 429, 429, 429]); // more than the connector client retries by itself

        Assert.Equal(SendOutcome.Retry, await sender.SendAsync(Reminder(to), default));
        var record = (await host.Services.GetRequiredService<ISendLog>().FindSendAsync(Reminder(to).Key))!;
        Assert.StartsWith("429", record.LastError);
        Assert.Null(record.SentAt);
        Assert.Equal(SendOutcome.NotClaimed, await sender.SendAsync(Reminder(to), default)); // before Retry-After

        _connector.Answers[to.ConversationId].Clear();
        await Task.Delay(record.RetryAfter!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        Assert.Equal(SendOutcome.Sent, await sender.SendAsync(Reminder(to), default));
        Assert.Single(_connector.Received);
    }
}
