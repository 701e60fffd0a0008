using System.Text.Json.Nodes;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Tests;

public class StoreExportTests
{
    [Fact]
    public async Task The_export_holds_the_send_log_and_where_the_bot_can_speak()
    {
        using var temp = new TempStore();
        await temp.Store.ImportTasksAsync([Build.Task(3)]);
        var at = new DateTimeOffset(2019, 3, 8, 1, 0, 0, TimeSpan.Zero);
        await temp.Store.SaveConversationAsync(new ConversationAddress
        {
            Key = "personal:u-water", Kind = ConversationKind.Personal, ConversationId = "a:1", ServiceUrl = "https://smba.example/", ChannelId = "msteams",
            AadObjectId = "u-water", UserId = "29:u-water", BotId = "28:bot", UpdatedAt = at,
        });
        Assert.True(await temp.Store.TryClaimAsync("reminder|2019-03-08|u-water", "reminder", "personal:u-water", at, TimeSpan.FromMinutes(5)));
        await temp.Store.MarkSentAsync("reminder|2019-03-08|u-water", at.AddSeconds(1));

        using var buffer = new MemoryStream();
        await temp.Store.AppendAsync(new AuditEntry { Key = "report:src-1", At = at, ActorId = "u-water", ActorName = "水务局联络员", Action = AuditActions.ReportStored, TaskNumber = 3, Subject = "r-1" });
        await StoreExport.WriteAsync(temp.Store, buffer, default, temp.Store, temp.Store, temp.Store);
        var document = JsonNode.Parse(buffer.ToArray())!;
        var send = Assert.Single(document["sends"]!.AsArray())!;
        Assert.Equal(("reminder|2019-03-08|u-water", "personal:u-water", "2019-03-08T01:00:01+00:00"), ((string)send["key"]!, (string)send["recipient"]!, (string)send["sentAt"]!));
        var conversation = Assert.Single(document["conversations"]!.AsArray())!;
        Assert.Equal(("personal:u-water", "Personal"), ((string)conversation["key"]!, (string)conversation["kind"]!));
        Assert.Single(document["tasks"]!.AsArray());
        var entry = Assert.Single(document["audit"]!.AsArray())!;
        Assert.Equal(("report:src-1", "水务局联络员", 3, false), ((string)entry["key"]!, (string)entry["actorName"]!, (int)entry["taskNumber"]!, (bool)entry["refused"]!));
    }
}
