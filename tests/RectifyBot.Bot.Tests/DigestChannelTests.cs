using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rhythm;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>The leaders' channel for the monthly dispatch digest: chosen by a leader or admin in a team channel, refused otherwise.</summary>
public sealed class DigestChannelTests : SamplePlanTests
{
    private static readonly ConversationAccount Channel = new(conversationType: "channel", id: "19:leaders@thread.tacv2;messageid=7", tenantId: "t-1");

    private static Activity InChannel(string text) => new(ActivityTypes.Message)
    {
        Text = text,
        ChannelData = JObject.FromObject(new { team = new { id = "19:team@thread.tacv2" }, channel = new { id = "19:leaders@thread.tacv2" }, tenant = new { id = "t-1" } }),
    };

    private DigestChannel Digest() => new(Store, Store, new RhythmSchedule(new RhythmOptions()), Time, new AuditTrail(Store, Time));

    [Fact]
    public async Task A_leader_makes_a_team_channel_the_digest_channel()
    {
        var reply = Chat.Text(await Start("u-leader").In(Channel).SendAsync(InChannel("在此频道发布调度通报")));
        Assert.Contains("月度调度通报今后发布在本频道。下次通报：2019-04-16 10:00", reply);
        var channel = (await Digest().CurrentAsync(default))!;
        Assert.Equal((ConversationKind.Channel, "19:team@thread.tacv2", "19:leaders@thread.tacv2"), (channel.Kind, channel.TeamId, channel.TeamChannelId));
    }

    [Fact]
    public async Task An_official_is_refused_and_a_personal_chat_is_not_a_channel()
    {
        Assert.Contains("只有领导或管理员", Chat.Text(await Start("u-water").In(Channel).SendAsync(InChannel("在此频道发布调度通报"))));
        Assert.Null(await Digest().CurrentAsync(default));
        Assert.Contains("Send this in the team channel", Chat.Text(await Start("u-leader", "en-US").SayAsync("post the monthly digest here")));
        Assert.Null(await Digest().CurrentAsync(default));
    }
}
