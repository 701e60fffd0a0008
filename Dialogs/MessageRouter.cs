using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using RectifyBot.Cards;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs;

/// <summary>Reads a user's message and answers it: global words first (help), then the commands.</summary>
public sealed partial class MessageRouter(ITaskStore store, TimeProvider time, ILogger<MessageRouter> logger)
{
    /// <summary>Messages longer than this are refused unread.</summary>
    public const int MaxMessageLength = 4000;

    public async Task HandleAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = Localizer.FromLocale(activity.Locale);
        var text = activity.Text ?? "";
        if (text.Length > MaxMessageLength)
        {
            LogRefused(logger, activity.From?.AadObjectId ?? activity.From?.Id, "message too long");
            await ReplyAsync(turnContext, Localizer.Get(language, "tooLong", text.Length, MaxMessageLength), cancellationToken);
            return;
        }

        var command = CommandRecognizer.Recognize(text);
        var reply = command.Kind switch
        {
            CommandKind.Help => await HelpAsync(language, cancellationToken),
            CommandKind.ShowTask => await ShowTaskAsync(command.TaskNumber!.Value, language, cancellationToken),
            _ => Localizer.Get(language, "unknown", Markdown.Escape(CommandRecognizer.Normalize(text) is var n && n.Length > 40 ? n[..40] + "…" : n), Localizer.Get(language, "tryHelp")),
        };
        await ReplyAsync(turnContext, reply, cancellationToken);
    }

    public async Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = Localizer.FromLocale(activity.Locale);
        var person = await store.FindPersonAsync(activity.From?.AadObjectId, null, cancellationToken);
        var name = person is null ? "" : language == Language.Chinese ? $"，{person.Name}" : $", {person.Name}";
        await ReplyAsync(turnContext, Localizer.Get(language, "welcome", name), cancellationToken);
    }

    private async Task<string> HelpAsync(Language language, CancellationToken cancellationToken)
    {
        var numbers = await TaskNumbersAsync(cancellationToken);
        return Localizer.Get(language, "help", numbers.Count);
    }

    private async Task<string> ShowTaskAsync(int number, Language language, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(number, cancellationToken);
        if (task is not null)
        {
            return TaskDetailsText.Build(task, PlanClock.Today(time), language);
        }
        var numbers = await TaskNumbersAsync(cancellationToken);
        return numbers.Count == 0 ? Localizer.Get(language, "noTasks") : Localizer.Get(language, "taskNotFound", number, DescribeRange(numbers));
    }

    private async Task<IReadOnlyList<int>> TaskNumbersAsync(CancellationToken cancellationToken) =>
        (await StoreExport.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken)).Select(t => t.Number).ToList();

    /// <summary>1–4, or 1–3, 5, 7–9.</summary>
    private static string DescribeRange(IReadOnlyList<int> numbers)
    {
        var parts = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var j = i;
            while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1)
            {
                j++;
            }
            parts.Add(j == i ? $"{numbers[i]}" : $"{numbers[i]}–{numbers[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static Task ReplyAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken)
    {
        var reply = MessageFactory.Text(text);
        reply.TextFormat = TextFormatTypes.Markdown;
        return turnContext.SendActivityAsync(reply, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a message from {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? userId, string reason);
}
