using System.Text.Json.Nodes;
using RectifyBot.Cards.Layout;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using static RectifyBot.Cards.Layout.AdaptiveCard;

namespace RectifyBot.Cards.Lists;

/// <summary>A page of a person's tasks, each with a report button: "my tasks", or the choice when a report names no task.</summary>
public sealed record TaskPicker(string Title, string? Message, IReadOnlyList<RectificationTask> Tasks, int Offset, int Total, DateOnly Today)
{
    /// <summary>Where the next page starts, or null when this page is the last.</summary>
    public int? NextOffset => Offset + Tasks.Count < Total ? Offset + Tasks.Count : null;
}

public static class TaskPickerCard
{
    public const int PageSize = 15;

    public static JsonObject Build(TaskPicker picker, Language language)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        var body = new List<JsonNode?> { Text(Plain(picker.Title), TextStyle.Title) };
        if (picker.Message is not null)
        {
            body.Add(Text(Plain(picker.Message)));
        }
        if (picker.Total == 0)
        {
            body.Add(Text(T("picker.none")));
        }
        foreach (var task in picker.Tasks)
        {
            var detail = TaskCountdown.Text(task, picker.Today, language) + " · " + T($"status.{task.Status}") + $" {task.PercentComplete}%";
            body.Add(TaskLine.Build(task, detail, Supervision.ColourOf(task, picker.Today, filedThisMonth: true), language));
        }
        if (picker.NextOffset is { } next)
        {
            body.Add(TaskLine.More(CardVerbs.TasksPage, [], next, picker.Total - next, language));
        }
        return Card(body);
    }
}
