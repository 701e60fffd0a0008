using System.Globalization;
using System.Text.RegularExpressions;
using RectifyBot.Tasks.Import;

namespace RectifyBot.Dialogs.Notices;

/// <summary>
/// What a message asking for a notice says beyond the task: the reply deadline (<c>要求3月25日前书面说明</c>,
/// <c>reply by March 25</c>) and the note (<c>书面说明</c>, <c>note: a written explanation</c>). The date is found in the
/// text and read by the <see cref="DeadlineReader"/> (Microsoft.Recognizers.Text); a date without a year is in the
/// plan's current year.
/// </summary>
public sealed partial class NoticeRequest(DeadlineReader deadlines)
{
    private const string ChineseNumber = "[0-9一二三四五六七八九十〇零两]{1,3}";

    [GeneratedRegex(@"(?<date>(?:(?<year>\d{4})\s*年\s*)?" + ChineseNumber + @"\s*月\s*" + ChineseNumber + @"\s*[日号]|\d{4}-\d{1,2}-\d{1,2})\s*(?:之前|以前|前)?")]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"\b(?:by|before|until|no later than)\s+(?<date>\d{4}-\d{1,2}-\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*(?<year>\d{4}))?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s*(?<year>\d{4}))?)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishDate();

    [GeneratedRegex(@"(?:备注|说明要求|note)\s*[:：]\s*(?<note>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NoteLabel();

    [GeneratedRegex(@"^[\s,，、。;；:：]*(?:(?:with|and|asking for|requiring|for)\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex NoteOpening();

    /// <summary>The reply deadline (null: none named, or none that can be read) and the note (empty: none).</summary>
    public (DateOnly? ReplyBy, string Note) Read(string text, DateOnly today)
    {
        var chinese = ChineseDate().Match(text);
        var match = chinese.Success ? chinese : EnglishDate().Match(text);
        DateOnly? replyBy = null;
        var note = "";
        if (match.Success)
        {
            var date = match.Groups["date"].Value;
            if (!match.Groups["year"].Success && !Regex.IsMatch(date, @"^\d{4}-"))
            {
                date = chinese.Success ? $"{today.Year}年{date}" : $"{date} {today.Year.ToString(CultureInfo.InvariantCulture)}";
            }
            replyBy = deadlines.Read(date, today).Date;
            note = NoteOpening().Replace(text[(match.Index + match.Length)..], "").Trim().TrimEnd('。', '.', '!', '！');
        }
        if (NoteLabel().Match(text) is { Success: true } labelled)
        {
            note = labelled.Groups["note"].Value.Trim();
        }
        return (replyBy, note);
    }
}
