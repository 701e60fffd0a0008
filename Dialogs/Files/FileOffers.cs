using System.Net.Http.Headers;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs.Files;

/// <summary>
/// Gives a leader a file where the channel allows it. In a Teams personal chat, Teams' own file flow: a
/// <c>FileConsentCard</c>; on Allow the file is made again from the store, uploaded with one HTTP PUT to the upload URL
/// Teams gives (through the host's <see cref="IHttpClientFactory"/>), and its <c>FileInfoCard</c> sent. In a Teams group
/// chat or channel, where bots cannot send files, the consent card goes to the person's personal chat (if the bot has
/// one with them) and the chat is told so; else how to get the file. Outside Teams (Web Chat, the playground, the
/// Emulator) the file is attached as a <c>data:</c> URI when small enough, else the command line is named.
/// </summary>
public sealed partial class FileOffers(FileMaker maker, IConversationStore conversations, IProactiveSender sender, IHttpClientFactory http, ILogger<FileOffers> logger)
{
    public const string ConsentType = FileConsentCard.ContentType;
    public const string InfoType = FileInfoCard.ContentType;

    /// <summary>The named <see cref="HttpClient"/> the uploads use.</summary>
    public const string HttpClientName = "RectifyBot.Files";

    /// <summary>Largest file attached inline outside Teams (its base64 stays under Direct Line's 256 KB activity limit).</summary>
    public const int MaxInlineBytes = 180 * 1024;

    /// <summary>The quarter's workbook, from the leaders' filing card.</summary>
    public Task<BotReply> WorkbookAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken) =>
        RectifyBot.Tasks.Rules.Quarter.TryParse(data.Text("quarter"), out var quarter)
            ? OfferAsync(turn, FileRequest.Workbook(quarter), cancellationToken)
            : Task.FromResult(BotReply.BadData("no quarter"));

    /// <summary>A task's public notice, from its status card.</summary>
    public Task<BotReply> NoticeAsync(FlowTurn turn, CardData data, CancellationToken cancellationToken) =>
        data.Number("task") is { } task and > 0 and <= int.MaxValue
            ? OfferAsync(turn, FileRequest.Notice((int)task), cancellationToken)
            : Task.FromResult(BotReply.BadData("no task"));

    /// <summary>公示任务3: the notice asked for in words.</summary>
    public Task<BotReply> DiscloseAsync(FlowTurn turn, int? task, CancellationToken cancellationToken) =>
        task is { } number
            ? OfferAsync(turn, FileRequest.Notice(number), cancellationToken)
            : Task.FromResult(BotReply.Send(Replies.Text(turn.T("file.noDiscloseTask"))));

    /// <summary>The file for the turn's person, as this conversation allows; a refusal says why and sends nothing.</summary>
    public async Task<BotReply> OfferAsync(FlowTurn turn, FileRequest request, CancellationToken cancellationToken)
    {
        if (await maker.CheckAsync(turn.Person, request, turn.Language, cancellationToken) is { } refusal)
        {
            LogRefused(logger, turn.Person.Key, request.ToContext().ToJsonString(), refusal.Message);
            return BotReply.Send(Replies.Text(refusal.Message));
        }
        var activity = turn.Context.Activity;
        if (activity.ChannelId != Channels.Msteams)
        {
            return BotReply.Send(await InlineAsync(turn, request, cancellationToken));
        }
        if (activity.Conversation?.ConversationType is null or "personal")
        {
            return BotReply.Send(await ConsentAsync(request, turn.Language, cancellationToken));
        }
        // Bots cannot send files in group chats and channels: the consent card goes to the person's own chat.
        if (await conversations.FindPersonalAsync(turn.Person, cancellationToken) is { IsGone: false } personal)
        {
            var language = RecipientLanguage.Of(personal);
            var key = $"file|{request.ToContext()["file"]}|{request.Quarter?.ToString() ?? request.TaskNumber?.ToString()}|{turn.Person.Key}|{activity.Id ?? Guid.NewGuid().ToString("N")}";
            var outcome = await sender.SendAsync(new ProactiveMessage(key, "file", personal, await ConsentAsync(request, language, cancellationToken)), cancellationToken);
            if (outcome is SendOutcome.Sent or SendOutcome.NotClaimed)
            {
                return BotReply.Send(Replies.Text(turn.T("file.toPersonal", FileMaker.Describe(request, turn.Language).Name)));
            }
        }
        return BotReply.Send(Replies.Text(turn.T("file.noPersonal", request.CommandLine)));
    }

    /// <summary>
    /// Allow on a consent card: the person checked again (the context is untrusted), the file made from the store now,
    /// uploaded to the URL Teams gave, and its file card sent; a failed upload is said so.
    /// </summary>
    public async Task AcceptAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        var language = Localizer.FromLocale(turnContext.Activity.Locale);
        if (await CheckedAsync(turnContext, response, language, cancellationToken) is not { } request)
        {
            return;
        }
        var file = await maker.MakeAsync(request, language, cancellationToken);
        if (file is null || response.UploadInfo?.UploadUrl is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uploadUri) || uploadUri.Scheme != Uri.UriSchemeHttps && !uploadUri.IsLoopback)
        {
            await turnContext.SendAsync(Localizer.Get(language, "file.invalid"), cancellationToken);
            return;
        }
        try
        {
            using var content = new ByteArrayContent(file.Bytes);
            content.Headers.ContentLength = file.Bytes.Length;
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, file.Bytes.Length - 1, file.Bytes.Length);
            using var put = await http.CreateClient(HttpClientName).PutAsync(uploadUri, content, cancellationToken);
            put.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUploadFailed(logger, file.Name, e);
            await turnContext.SendAsync(Localizer.Get(language, "file.uploadFailed", file.Name), cancellationToken);
            return;
        }
        var info = new Attachment
        {
            ContentType = InfoType,
            ContentUrl = response.UploadInfo.ContentUrl,
            Name = response.UploadInfo.Name,
            Content = new FileInfoCard { UniqueId = response.UploadInfo.UniqueId, FileType = response.UploadInfo.FileType },
        };
        var message = MessageFactory.Attachment(info, Localizer.Get(language, "file.sent", response.UploadInfo.Name ?? file.Name));
        await turnContext.SendActivityAsync(message, cancellationToken);
    }

    /// <summary>Decline on a consent card: nothing is uploaded; the person is told.</summary>
    public async Task DeclineAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        var language = Localizer.FromLocale(turnContext.Activity.Locale);
        var request = FileRequest.FromContext(ToNode(response.Context));
        await turnContext.SendAsync(request is null ? Localizer.Get(language, "file.invalid") : Localizer.Get(language, "file.declined", FileMaker.Describe(request, language).Name), cancellationToken);
    }

    /// <summary>The consent card: the file's name, what it is, its size now; the request (not the bytes) as both contexts.</summary>
    public async Task<IMessageActivity> ConsentAsync(FileRequest request, Language language, CancellationToken cancellationToken)
    {
        var file = await maker.MakeAsync(request, language, cancellationToken) ?? throw new InvalidOperationException("The file was checked but cannot be made.");
        var context = JObject.Parse(request.ToContext().ToJsonString());
        var card = new Attachment
        {
            ContentType = ConsentType,
            Name = file.Name,
            Content = new FileConsentCard { Description = file.Description, SizeInBytes = file.Bytes.Length, AcceptContext = context, DeclineContext = context.DeepClone() },
        };
        return MessageFactory.Attachment(card, Localizer.Get(language, "file.consent", file.Name));
    }

    private async Task<IMessageActivity> InlineAsync(FlowTurn turn, FileRequest request, CancellationToken cancellationToken)
    {
        var file = (await maker.MakeAsync(request, turn.Language, cancellationToken))!;
        var kb = (file.Bytes.Length + 1023) / 1024;
        if (file.Bytes.Length > MaxInlineBytes)
        {
            return Replies.Text(turn.T("file.tooLarge", file.Name, kb, request.CommandLine));
        }
        var attachment = new Attachment { ContentType = file.ContentType, Name = file.Name, ContentUrl = $"data:{file.ContentType};base64,{Convert.ToBase64String(file.Bytes)}" };
        return MessageFactory.Attachment(attachment, turn.T("file.attached", file.Name, kb));
    }

    /// <summary>The accepted request, if the context is one the bot wrote and the person may still have the file; otherwise says why.</summary>
    private async Task<FileRequest?> CheckedAsync(ITurnContext turnContext, FileConsentCardResponse response, Language language, CancellationToken cancellationToken)
    {
        var request = FileRequest.FromContext(ToNode(response.Context));
        if (request is null)
        {
            await turnContext.SendAsync(Localizer.Get(language, "file.invalid"), cancellationToken);
            return null;
        }
        if (PersonResolver.Current(turnContext) is not { } person)
        {
            await turnContext.SendAsync(Localizer.Get(language, "file.invalid"), cancellationToken);
            return null;
        }
        if (await maker.CheckAsync(person, request, language, cancellationToken) is { } refusal)
        {
            LogRefused(logger, person.Key, request.ToContext().ToJsonString(), refusal.Message);
            await turnContext.SendAsync(refusal.Message, cancellationToken);
            return null;
        }
        return request;
    }

    private static System.Text.Json.Nodes.JsonNode? ToNode(object? context) => context switch
    {
        null => null,
        JToken token => System.Text.Json.Nodes.JsonNode.Parse(token.ToString(Newtonsoft.Json.Formatting.None)),
        _ => System.Text.Json.Nodes.JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(context)),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a file to {UserId}: {Request}, {Reason}")]
    private static partial void LogRefused(ILogger logger, string userId, string request, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploading {File} to the Teams upload URL failed")]
    private static partial void LogUploadFailed(ILogger logger, string file, Exception exception);
}
