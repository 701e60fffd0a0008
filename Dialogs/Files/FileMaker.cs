using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RectifyBot.Cards;
using RectifyBot.Tasks.Disclosure;
using RectifyBot.Tasks.Export;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Files;

/// <summary>
/// A file a leader asked for: a quarter's filing workbook, or a signed-off task's public notice. What travels in a
/// <c>FileConsentCard</c>'s contexts (and comes back untrusted on accept or decline): only which file, never its bytes.
/// </summary>
public sealed record FileRequest(Quarter? Quarter, int? TaskNumber)
{
    public static FileRequest Workbook(Quarter quarter) => new(quarter, null);

    public static FileRequest Notice(int taskNumber) => new(null, taskNumber);

    public JsonObject ToContext() => Quarter is { } q ? new JsonObject { ["file"] = "quarter", ["quarter"] = q.ToString() } : new JsonObject { ["file"] = "notice", ["task"] = TaskNumber };

    /// <summary>The request a consent card's context names; null for anything the bot did not write.</summary>
    public static FileRequest? FromContext(JsonNode? context)
    {
        if (context is not JsonObject o || o["file"] is not JsonValue kind || !kind.TryGetValue<string>(out var file))
        {
            return null;
        }
        return file switch
        {
            "quarter" when o["quarter"] is JsonValue v && v.TryGetValue<string>(out var text) && RectifyBot.Tasks.Rules.Quarter.TryParse(text, out var q) && q.ToString() == text => Workbook(q),
            "notice" when o["task"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 => Notice(n),
            _ => null,
        };
    }

    /// <summary>The command line that writes the same file, for where the bot cannot send it.</summary>
    public string CommandLine => Quarter is { } q ? $"quarter --quarter {q} -o {q}.xlsx" : $"disclose {TaskNumber} -o notice-{TaskNumber}.docx";
}

/// <summary>A file made for a person: its name, what it is, its bytes and MIME type.</summary>
public sealed record MadeFile(string Name, string Description, string ContentType, byte[] Bytes);

/// <summary>Why a file is not made for a person, in their language; null when it may be.</summary>
public sealed record FileRefusal(string Message);

/// <summary>
/// Makes the files leaders ask for, from the store at the moment they are made (the bytes are never kept between the
/// consent card and its acceptance), and decides who may have them: leaders and administrators; a notice only for a task
/// that is signed off.
/// </summary>
public sealed class FileMaker(ITaskStore store, UnitMatcher matcher, IOptions<DisclosureOptions> disclosure, TimeProvider time, INoticeStore notices)
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Why <paramref name="person"/> may not have the file, or null.</summary>
    public async Task<FileRefusal?> CheckAsync(Person person, FileRequest request, Language language, CancellationToken cancellationToken)
    {
        string T(string key, params object?[] args) => Localizer.Get(language, key, args);
        if (request.Quarter is not null)
        {
            return person.SeesEveryUnit ? null : new FileRefusal(T("file.workbookRefused"));
        }
        if (!person.SeesEveryUnit)
        {
            return new FileRefusal(T("file.discloseRefused"));
        }
        var task = await store.GetTaskAsync(request.TaskNumber!.Value, cancellationToken);
        return task switch
        {
            null => new FileRefusal(T("file.noTask", request.TaskNumber)),
            { Status: not RectificationStatus.SignedOff } => new FileRefusal(T("file.notSignedOff", task.Number, T($"status.{task.Status}"))),
            _ => null,
        };
    }

    /// <summary>The file's name and description without making it.</summary>
    public static (string Name, string Description) Describe(FileRequest request, Language language) => request.Quarter is { } q
        ? (Localizer.Get(language, "file.quarterName", q.ToString()), Localizer.Get(language, "file.quarterDescription", Cards.Filing.FilingCards.QuarterName(q, language)))
        : (Localizer.Get(language, "file.noticeName", request.TaskNumber), Localizer.Get(language, "file.noticeDescription", request.TaskNumber));

    /// <summary>Makes the file from the store now; null when the task is gone.</summary>
    public async Task<MadeFile?> MakeAsync(FileRequest request, Language language, CancellationToken cancellationToken)
    {
        var (name, description) = Describe(request, language);
        var today = PlanClock.Today(time);
        using var buffer = new MemoryStream();
        if (request.Quarter is { } quarter)
        {
            var report = await QuarterReport.ReadAsync(store, matcher, quarter, today, cancellationToken, notices);
            QuarterWorkbook.Write(report, key => Localizer.Get(language, key), buffer);
            return new MadeFile(name, description, Xlsx, buffer.ToArray());
        }
        var options = disclosure.Value;
        var notice = await DisclosureNotice.FromStoreAsync(store, request.TaskNumber!.Value, today, today.AddDays(options.Days - 1), options.Office, options.Inspection, cancellationToken);
        if (notice is null)
        {
            return null;
        }
        DisclosureDocument.Write(notice, buffer);
        return new MadeFile(name, description, Docx, buffer.ToArray());
    }
}
