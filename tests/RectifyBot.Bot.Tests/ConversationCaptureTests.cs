using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Bot.Tests;

/// <summary>Where the bot can speak first: stored when it is installed and when a known person talks to it, marked gone when removed.</summary>
public sealed class ConversationCaptureTests : SamplePlanTests
{
    private static readonly ConversationAccount Channel = new(conversationType: "channel", id: "19:general@thread.tacv2;messageid=1", tenantId: "t-1");

    private static Activity InChannel(Activity activity, string action)
    {
        activity.ChannelData = JObject.FromObject(new { team = new { id = "19:team@thread.tacv2" }, channel = new { id = "19:general@thread.tacv2" }, tenant = new { id = "t-1" } });
        activity.Action = action;
        return activity;
    }

    [Fact]
    public async Task A_known_persons_personal_chat_is_stored_once_with_what_a_proactive_message_needs()
    {
        var chat = Start("u-water");
        await chat.SayAsync("帮助");
        var address = Assert.Single(await Store.ListConversationsAsync());
        Assert.Equal(("personal:u-water", ConversationKind.Personal, "u-water", "29:u-water"), (address.Key, address.Kind, address.AadObjectId, address.UserId));
        Assert.False(string.IsNullOrEmpty(address.ServiceUrl));
        Assert.False(string.IsNullOrEmpty(address.ConversationId));
        Assert.Equal("msteams", address.ChannelId);

        Time.Advance(TimeSpan.FromHours(1));
        await chat.SayAsync("我的任务");
        Assert.Equal(address.UpdatedAt, Assert.Single(await Store.ListConversationsAsync()).UpdatedAt); // unchanged: not written again
    }

    [Fact]
    public async Task The_locale_a_person_writes_in_is_kept_and_a_changed_one_replaces_it_while_one_without_a_locale_keeps_it()
    {
        var chat = Start("u-water");
        await chat.SayAsync("帮助");
        Assert.Equal("zh-CN", Assert.Single(await Store.ListConversationsAsync()).Locale);

        Time.Advance(TimeSpan.FromHours(1));
        await chat.SendAsync(new Activity(ActivityTypes.Message) { Text = "help", Locale = "en-US" }); // Teams switched to English
        var english = Assert.Single(await Store.ListConversationsAsync());
        Assert.Equal("en-US", english.Locale);
        Assert.Equal(Time.GetUtcNow(), english.UpdatedAt);

        // A new process (nothing remembered) sees an activity that carries no locale: the stored one stays.
        var (adapter, bot, _) = BotKit.Create(Store, Store, Time, "u-water", "zh-CN");
        adapter.Locale = null;
        Time.Advance(TimeSpan.FromHours(1));
        await new Chat(adapter, bot).SendAsync(new Activity(ActivityTypes.Message) { Text = "help", Locale = null });
        Assert.Equal("en-US", Assert.Single(await Store.ListConversationsAsync()).Locale);
    }

    [Fact]
    public async Task Someone_not_in_the_directory_leaves_no_address()
    {
        var chat = Start("u-stranger");
        Assert.Contains("管理员", Chat.Text(await chat.SayAsync("帮助 我")));
        Assert.Empty(await Store.ListConversationsAsync());
    }

    [Fact]
    public async Task Installing_in_a_team_stores_the_channel_uninstalling_marks_it_gone_and_installing_again_brings_it_back()
    {
        var chat = Start("u-leader").In(Channel);
        await chat.SendAsync(InChannel(new Activity(ActivityTypes.InstallationUpdate), "add"));
        var channel = Assert.Single(await Store.ListConversationsAsync());
        Assert.Equal(("channel:19:team@thread.tacv2:19:general@thread.tacv2", ConversationKind.Channel, "19:general@thread.tacv2", "t-1"),
            (channel.Key, channel.Kind, channel.ConversationId, channel.TenantId));
        Assert.False(channel.IsGone);

        Time.Advance(TimeSpan.FromDays(1));
        await chat.SendAsync(InChannel(new Activity(ActivityTypes.InstallationUpdate), "remove"));
        var gone = Assert.Single(await Store.ListConversationsAsync());
        Assert.Equal(("uninstalled", Time.GetUtcNow()), (gone.GoneReason, gone.GoneAt!.Value));

        await chat.SendAsync(InChannel(new Activity(ActivityTypes.InstallationUpdate), "add"));
        Assert.False(Assert.Single(await Store.ListConversationsAsync()).IsGone);
    }

    [Fact]
    public async Task The_bot_added_to_a_group_chat_stores_it_and_removed_marks_it_gone()
    {
        var chat = Start("u-leader").In(new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "19:chat@thread.v2"));
        var bot = chat.Bot;
        Activity Update() => new(ActivityTypes.ConversationUpdate);
        var added = Update();
        added.MembersAdded = [bot];
        Assert.Contains("整改", Chat.Text(await chat.SendAsync(added))); // welcomed
        Assert.Equal("chat:19:chat@thread.v2", Assert.Single(await Store.ListConversationsAsync()).Key);

        var removed = Update();
        removed.MembersRemoved = [bot];
        await chat.SendAsync(removed);
        Assert.Equal("removed", Assert.Single(await Store.ListConversationsAsync()).GoneReason);
    }

    [Fact]
    public async Task Channel_data_not_in_teams_shape_stores_nothing_and_the_person_still_gets_an_answer()
    {
        var chat = Start("u-water").In(Channel);
        var message = new Activity(ActivityTypes.Message) { Text = "帮助", ChannelData = JObject.Parse("""{"team":"not an object","tenant":[1,2]}""") };
        Assert.Contains("报告", Chat.Text(await chat.SendAsync(message)));
        Assert.Empty(await Store.ListConversationsAsync());
    }
}
