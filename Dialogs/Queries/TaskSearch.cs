using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using RectifyBot.Cards;
using RectifyBot.Cards.Lists;
using RectifyBot.Dialogs.Identity;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Recognition;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Queries;

/// <summary>
/// The compose box's task search (message extension command <c>searchTasks</c>): by number (<c>3</c>, <c>任务3</c>,
/// <c>第三项</c>, <c>task three</c>) or by words (problem, goal, measures, units, persons; every word must appear), or by
/// a unit's name matched as the task list names units (<c>江岸区政府</c> finds tasks of <c>各区政府</c>). An empty query
/// (Teams' initial run) lists the open tasks of the person's unit, all open tasks for a leader or administrator.
/// The person is the one the identity middleware found; someone not in the directory gets a message, no tasks.
/// </summary>
public sealed partial class TaskSearch(ITaskStore store, UnitMatcher matcher, TimeProvider time)
{
    public const string CommandId = "searchTasks";
    public const string QueryParameter = "query";

    /// <summary>At most this many results: Teams shows a short list; a longer query narrows it.</summary>
    public const int MaxResults = 10;

    /// <summary>The tasks for a query, best first: the task named by number, then matches by unit or words, by number.</summary>
    public async Task<IReadOnlyList<RectificationTask>> SearchAsync(Person person, string? query, CancellationToken cancellationToken)
    {
        var text = CommandRecognizer.Normalize(query);
        if (text.Length == 0)
        {
            var everyone = person.SeesEveryUnit;
            var open = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(new TaskQuery { Unit = everyone ? null : person.Unit, OpenOnly = true }, p, ct), cancellationToken);
            return [.. open.OrderBy(t => t.Deadline.Date ?? DateOnly.MaxValue).ThenBy(t => t.Number).Take(MaxResults)];
        }

        var found = new List<RectificationTask>();
        if (NumberQuery().Match(text) is { Success: true } m && NumberReader.Read(m.Groups["n"].Value) is { } number
            && await store.GetTaskAsync(number, cancellationToken) is { } named)
        {
            return [named];
        }
        var terms = Terms().Matches(text).Select(t => t.Value).ToList();
        var all = await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken);
        foreach (var task in all.OrderBy(t => t.Number))
        {
            var haystack = string.Join("\n", [task.Problem, task.Goal, task.Category, task.Section, .. task.Measures, task.LeadUnits.Text, task.ResponsibleUnits.Text, task.ResponsiblePersons]);
            var byWords = terms.Count > 0 && terms.All(t => haystack.Contains(t, StringComparison.OrdinalIgnoreCase));
            if (byWords || matcher.RoleOf(task, text) is not null)
            {
                found.Add(task);
            }
        }
        return [.. found.Take(MaxResults)];
    }

    /// <summary>The <c>composeExtension/query</c> answer: a list of tasks, each inserting its card; or a message for someone not in the directory.</summary>
    public async Task<MessagingExtensionResponse> AnswerAsync(ITurnContext turnContext, MessagingExtensionQuery query, CancellationToken cancellationToken)
    {
        var language = Localizer.FromLocale(turnContext.Activity.Locale);
        if (PersonResolver.Current(turnContext) is not { } person)
        {
            var admins = (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Admin).Select(p => $"{p.Name}（{p.Unit}）").ToList();
            var text = Localizer.Get(language, "search.unregistered", admins.Count == 0 ? Localizer.Get(language, "unregistered.noAdmin") : string.Join("、", admins));
            return new MessagingExtensionResponse(new MessagingExtensionResult { Type = "message", Text = text });
        }
        if (query.QueryOptions?.Skip > 0)
        {
            // One short list is the whole answer; Teams asking for a next page gets nothing more (never the same tasks twice).
            return new MessagingExtensionResponse(new MessagingExtensionResult("list", "result", []));
        }
        var initialRun = query.Parameters?.Any(p => p.Name == "initialRun") == true;
        var words = initialRun ? null : query.Parameters?.FirstOrDefault(p => p.Name == QueryParameter)?.Value?.ToString();
        var today = PlanClock.Today(time);
        var tasks = await SearchAsync(person, words, cancellationToken);
        var botChat = BotChatUrl(turnContext.Activity.Recipient?.Id);
        var attachments = tasks.Select(task =>
        {
            var card = Replies.Attachment(TaskCard.Build(new TaskCardView(task, today, botChat is null ? null : botChat + Uri.EscapeDataString(Localizer.Get(language, "task.title", task.Number).Replace(" ", "", StringComparison.Ordinal))), language));
            var (title, line) = TaskCard.Preview(task, today, language);
            return new MessagingExtensionAttachment(card.ContentType, content: card.Content, preview: new ThumbnailCard(title, text: line).ToAttachment());
        }).ToList();
        return new MessagingExtensionResponse(new MessagingExtensionResult("list", "result", attachments));
    }

    /// <summary>A Teams link that opens the person's chat with the bot (its id <c>28:…</c>), with the task's name typed in; the message parameter is added by the caller.</summary>
    private static string? BotChatUrl(string? botId) =>
        botId is not null && botId.StartsWith("28:", StringComparison.Ordinal)
            ? $"https://teams.microsoft.com/l/chat/0/0?users={Uri.EscapeDataString(botId)}&message="
            : null;

    private const string EnglishNumber = @"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten";

    /// <summary>3, #3, 任务3, 任务三, 第三项, 三号任务, task 3, task three.</summary>
    [GeneratedRegex(@"^(?:#|no\.?\s*|task\s*(?:no\.?|number|#)?\s*|任务\s*(?:编号)?\s*|第\s*)?(?<n>\d{1,5}|[一二三四五六七八九十百千零〇两]{1,8}|" + EnglishNumber + @")\s*(?:项|号|条|个)?\s*(?:任务)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberQuery();

    /// <summary>The words of a query: runs of letters and digits (Chinese text without spaces is one word).</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Terms();
}
