using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RectifyBot.Bot.Hosting;
using RectifyBot.Bot.Proactive;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Sample;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Store.Graph;
using RectifyBot.Tasks.Tests.Graph;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// The store a quarter is walked on, shared by every host built over it: a SQLite file, or a provisioned site on the fake
/// Graph server (each host its own Graph client and caches, as two deployments would have).
/// </summary>
internal sealed class WalkStore : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rectifybot-walk-").FullName;
    private FakeGraphServer? _graph;

    private WalkStore(string kind) => Kind = kind;

    public string Kind { get; }

    public static async Task<WalkStore> StartAsync(string kind)
    {
        var store = new WalkStore(kind);
        if (kind == "Graph")
        {
            store._graph = await FakeGraphServer.StartAsync();
            store._graph.MaxPageSize = 200;
        }
        return store;
    }

    private int _hosts;

    /// <summary>On Graph each host keeps its own outbox file (the only local file a Graph host writes).</summary>
    private string[] StoreArgs => _graph is null
        ? [$"--Store:Sqlite:Path={Path.Combine(_folder, "bot.db")}"]
        : ["--Store:Provider=Graph", $"--Store:Graph:BaseUrl={_graph.BaseUrl}", $"--Store:Graph:AccessToken={FakeGraphServer.Token}", $"--Store:Graph:SiteId={FakeGraphServer.SiteId}",
            $"--Store:Sqlite:Path={Path.Combine(_folder, $"outbox-{Interlocked.Increment(ref _hosts)}.db")}"];

    /// <summary>A host over the store on the walk's clock, not started (the walk ticks its rhythm runner itself).</summary>
    public WebApplication Host(TimeProvider time, IEnumerable<string> settings) => BotWebHost.Build(
        [.. StoreArgs, "--Logging:LogLevel:Default=Error", "--Urls=http://127.0.0.1:0", .. settings],
        builder => builder.Services.AddSingleton(time));

    /// <summary>Lists provisioned (Graph), the directory and the seed plan imported, and the addresses of those who installed the bot.</summary>
    public async Task SeedAsync(WebApplication host, IReadOnlyList<WalkPerson> people, string connectorUrl, DateTimeOffset at)
    {
        if (_graph is not null)
        {
            await host.Services.GetRequiredService<GraphListClient>().ProvisionAsync(default);
        }
        var store = host.Services.GetRequiredService<ITaskStore>();
        await store.UpsertPeopleAsync([.. people.Select(p => p.Person)]);
        await host.Services.GetRequiredService<PlanImporter>().ImportAsync(SampleData.ReadPlan(), "the seed (Wuhan 2018)", SampleData.PlanDate, default);
        var conversations = host.Services.GetRequiredService<IConversationStore>();
        // The leaders' channel the digest goes to, as a leader would have chosen it (在此频道发布调度通报).
        await host.Services.GetRequiredService<DigestChannel>().UseAsync(new ConversationAddress
        {
            Key = ConversationAddress.ChannelKey("19:team@thread.tacv2", Received.Channel), Kind = ConversationKind.Channel, ConversationId = Received.Channel,
            ServiceUrl = connectorUrl, ChannelId = "msteams", TeamId = "19:team@thread.tacv2", TeamChannelId = Received.Channel, BotId = "28:rectifybot", UpdatedAt = at,
        }, default);
        foreach (var person in people.Where(p => p.HasBot))
        {
            await conversations.SaveConversationAsync(FakeConnector.Personal(connectorUrl, person.Id, at));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_graph is not null)
        {
            await _graph.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, true);
    }
}

/// <summary>A person of the walk's directory, and whether they installed the bot.</summary>
internal sealed record WalkPerson(Person Person, bool HasBot)
{
    public string Id => Person.Key;
}

/// <summary>
/// What a person received, reduced to what the walk checks: the kind and what it is about (a reminder's tasks, an
/// escalation's units and the people it names as unreachable, a countdown's task and days).
/// </summary>
internal sealed record Received(string Person, string What)
{
    private static readonly Regex Left = new(@"任务 (\d+) 距整改时限（[0-9-]+）还有 (\d+) 天", RegexOptions.Compiled);
    private static readonly Regex Overdue = new(@"任务 (\d+) 已超过整改时限（[0-9-]+）(\d+) 天仍未完成", RegexOptions.Compiled);
    private static readonly Regex DigestLine = new(@"截至 (\d{4}-\d{2})-\d{2}.*?", RegexOptions.Compiled);
    private static readonly Regex DigestSince = new(@"与上期（(\d{4}-\d{2})）通报相比", RegexOptions.Compiled);
    private static readonly Regex DigestOverdue = new(@"逾期 (\d+) 项", RegexOptions.Compiled);
    private static readonly Regex SignOff = new(@"任务 (\d+) · 待销号", RegexOptions.Compiled);
    private static readonly Regex Filing = new(@"^(\d{4}年第.季度)报备 · ([^：\n]+)", RegexOptions.Compiled);

    /// <summary>The leaders' channel (its Teams channel id): what is posted there is the channel's, not a person's.</summary>
    public const string Channel = "19:leaders@thread.tacv2";

    public static Received Read(string conversation, JsonObject activity, IReadOnlyList<WalkPerson> directory)
    {
        var person = conversation == Channel ? "channel" : conversation["a:".Length..];
        var card = activity["attachments"]![0]!["content"]!.AsObject();
        var text = (string?)(activity["text"] ?? activity["summary"]) + "\n" + Chat.Read(card);
        if (Filing.Match(text) is { Success: true } filing)
        {
            return new(person, $"filing {filing.Groups[1].Value} {filing.Groups[2].Value}");
        }
        if (text.Contains("月度调度通报") && DigestLine.Match(text) is { Success: true } digest)
        {
            var since = DigestSince.Match(text) is { Success: true } s ? s.Groups[1].Value : text.Contains("这是第一期通报") ? "first" : "?";
            var mentioned = (card["msteams"]?["entities"] as JsonArray ?? []).Select(e => (string)e!["mentioned"]!["id"]!).Distinct().Order(StringComparer.Ordinal);
            return new(person, $"digest {digest.Groups[1].Value} since {since} | overdue {DigestOverdue.Match((string?)(activity["text"] ?? activity["summary"]) ?? "").Groups[1].Value} | mentioned {string.Join(",", mentioned)}");
        }
        if (text.Contains("进展报告提醒"))
        {
            return new(person, "reminder " + string.Join(",", ReportButtons(card).Order()));
        }
        if (text.Contains("督办提醒"))
        {
            var units = directory.Where(p => p.Person.Role == PersonRole.Official).Select(p => p.Person.Unit).Distinct().Where(text.Contains).Order(StringComparer.Ordinal);
            var unreachable = directory.Where(p => text.Contains($"{p.Person.Name}（{p.Person.Unit}）")).Select(p => p.Id).Order(StringComparer.Ordinal);
            return new(person, $"escalation {string.Join(",", units)} | not reachable: {string.Join(",", unreachable)}");
        }
        if (SignOff.Match(text) is { Success: true } signOff)
        {
            return new(person, $"signoff {signOff.Groups[1].Value}");
        }
        if (Overdue.Match(text) is { Success: true } overdue)
        {
            return new(person, $"overdue {overdue.Groups[1].Value} by {overdue.Groups[2].Value}");
        }
        if (Left.Match(text) is { Success: true } left)
        {
            return new(person, $"countdown {left.Groups[1].Value} in {left.Groups[2].Value}");
        }
        return new(person, "unknown: " + text);
    }

    private static IEnumerable<int> ReportButtons(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["verb"] == RectifyBot.Cards.CardVerbs.ReportOpen => [(int)o["data"]!["task"]!],
        JsonObject o => o.SelectMany(kv => ReportButtons(kv.Value)),
        JsonArray a => a.SelectMany(ReportButtons),
        _ => [],
    };

    public override string ToString() => $"{Person}: {What}";
}
