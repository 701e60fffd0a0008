using System.Text;
using System.Text.RegularExpressions;
using RectifyBot.Tasks.Recognition;

namespace RectifyBot.Dialogs.Recognition;

public enum CommandKind
{
    Unknown,
    Help,
    ShowTask,
}

public sealed record Command(CommandKind Kind, int? TaskNumber = null);

/// <summary>Reads what a user asked for, in Chinese or English; numbers as digits or Chinese numerals (Microsoft.Recognizers.Text.Number).</summary>
public static partial class CommandRecognizer
{
    [GeneratedRegex(@"^(?:help|\?|menu|帮助|菜单|使用说明|怎么用|你能做什么|what can you do)[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Help();

    [GeneratedRegex(@"^(?:show\s+(?:me\s+)?|查看|查询|看看|看一下|显示)?\s*(?:task\s*(?:no\.?|number|#)?\s*|任务\s*|第\s*)(?<n>\d{1,4}|[一二三四五六七八九十百零〇两]{1,6})\s*(?:项|号|条)?\s*(?:任务)?\s*(?:的)?\s*(?:details?|详情|情况|内容)?[!！?？。.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ShowTask();

    public static Command Recognize(string? text)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return new Command(CommandKind.Unknown);
        }
        if (Help().IsMatch(normalized))
        {
            return new Command(CommandKind.Help);
        }
        var show = ShowTask().Match(normalized);
        if (show.Success && NumberReader.Read(show.Groups["n"].Value) is { } number)
        {
            return new Command(CommandKind.ShowTask, number);
        }
        return new Command(CommandKind.Unknown);
    }

    /// <summary>Full-width forms folded (NFKC), whitespace collapsed, trimmed.</summary>
    public static string Normalize(string? text) =>
        Regex.Replace((text ?? "").Normalize(NormalizationForm.FormKC), @"\s+", " ").Trim();
}
