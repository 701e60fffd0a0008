using FuzzySharp;
using RectifyBot.Cards;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Dialogs;

/// <summary>The plain text answers: welcome, help, a missing task, the unknown-command hint, the note for people not in the directory.</summary>
public sealed class TextAnswers(ITaskStore store)
{
    /// <summary>The welcome when the bot is installed or someone joins, by name when the directory knows them.</summary>
    public async Task<string> WelcomeAsync(string? aadObjectId, Language language, CancellationToken cancellationToken)
    {
        var person = await store.FindPersonAsync(aadObjectId, null, cancellationToken);
        var name = person is null ? "" : language == Language.Chinese ? $"，{person.Name}" : $", {person.Name}";
        return Localizer.Get(language, "welcome", name);
    }

    public async Task<string> UnregisteredAsync(Language language, CancellationToken cancellationToken)
    {
        var admins = (await store.ListPeopleAsync(cancellationToken)).Where(p => p.Role == PersonRole.Admin).Select(p => $"{p.Name}（{p.Unit}）").ToList();
        return Localizer.Get(language, "unregistered", Markdown.Escape(admins.Count == 0 ? Localizer.Get(language, "unregistered.noAdmin") : string.Join("、", admins)));
    }

    public async Task<string> HelpAsync(Language language, CancellationToken cancellationToken)
    {
        var numbers = await TaskNumbersAsync(cancellationToken);
        return Localizer.Get(language, "help", numbers.Count);
    }

    /// <summary>No task of that number: the list's numbers, or that no plan is imported yet.</summary>
    public async Task<string> TaskNotFoundAsync(int number, Language language, CancellationToken cancellationToken)
    {
        var numbers = await TaskNumbersAsync(cancellationToken);
        return numbers.Count == 0 ? Localizer.Get(language, "noTasks") : Localizer.Get(language, "taskNotFound", number, DescribeRange(numbers));
    }

    /// <summary>Short help naming the command closest to what was typed (FuzzySharp), or the general hint.</summary>
    public static string Unknown(string text, Language language)
    {
        var shown = Markdown.Escape(text.Length > 40 ? text[..40] + "…" : text);
        var examples = Localizer.Get(language, "examples").Split('|').Concat(Localizer.Get(language == Language.Chinese ? Language.English : Language.Chinese, "examples").Split('|')).ToList();
        var best = Process.ExtractOne(text, examples, s => s.ToLowerInvariant());
        var hint = best is { Score: >= 60 } ? Localizer.Get(language, "suggest", best.Value) : Localizer.Get(language, "tryHelp");
        return Localizer.Get(language, "unknown", shown, hint);
    }

    private async Task<IReadOnlyList<int>> TaskNumbersAsync(CancellationToken cancellationToken) =>
        (await Paging.ReadAllAsync((p, ct) => store.QueryTasksAsync(TaskQuery.All, p, ct), cancellationToken)).Select(t => t.Number).ToList();

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
}
