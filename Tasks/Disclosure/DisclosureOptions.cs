namespace RectifyBot.Tasks.Disclosure;

/// <summary>Configuration section <c>Disclosure</c>: the public notice (整改情况公示) of a task's rectification.</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosure";

    /// <summary>The office that issues the notice and takes the public's feedback; <c>disclose --office</c> wins over it.</summary>
    public string Office { get; set; } = "整改工作领导小组办公室";

    /// <summary>The inspection whose feedback the plan answers, as the title names it, e.g. 中央环境保护督察 or 省第一环境保护督察组.</summary>
    public string Inspection { get; set; } = "环境保护督察";

    /// <summary>How many calendar days the notice is up when <c>--to</c> is not given, the first day included.</summary>
    public int Days { get; set; } = 7;
}
