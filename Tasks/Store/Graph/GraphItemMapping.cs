using System.Globalization;
using System.Text.Json;
using RectifyBot.Tasks.Model;
using static RectifyBot.Tasks.Store.Graph.GraphFields;

namespace RectifyBot.Tasks.Store.Graph;

/// <summary>Tasks, reports, people, conversation addresses and sends to and from the columns of their lists (<see cref="GraphLists"/>).</summary>
internal static class GraphItemMapping
{
    internal static Dictionary<string, object?> TaskToFields(RectificationTask t) => new()
    {
        ["Title"] = t.Number.ToString(CultureInfo.InvariantCulture),
        ["Number"] = t.Number,
        ["Category"] = t.Category,
        ["Section"] = t.Section,
        ["Problem"] = t.Problem,
        ["Goal"] = t.Goal,
        ["Measures"] = WriteJson(t.Measures),
        ["Deadline"] = t.Deadline.Date is { } d ? WriteDate(d) : null,
        ["DeadlineText"] = t.Deadline.Text,
        ["DeadlineKind"] = t.Deadline.Kind.ToString(),
        ["LeadUnitsText"] = t.LeadUnits.Text,
        ["LeadUnits"] = WriteJson(t.LeadUnits.Names),
        ["ResponsibleUnitsText"] = t.ResponsibleUnits.Text,
        ["ResponsibleUnits"] = WriteJson(t.ResponsibleUnits.Names),
        ["ResponsiblePersons"] = t.ResponsiblePersons,
        ["Status"] = t.Status.ToString(),
        ["PercentComplete"] = t.PercentComplete,
        ["LastReportAt"] = t.LastReportAt is { } at ? WriteInstant(at) : null,
        ["Version"] = t.Version,
    };

    internal static Dictionary<string, object?> ProgressToFields(RectificationTask t) => new()
    {
        ["Status"] = t.Status.ToString(),
        ["PercentComplete"] = t.PercentComplete,
        ["LastReportAt"] = t.LastReportAt is { } at ? WriteInstant(at) : null,
        ["Version"] = t.Version,
    };

    internal static RectificationTask TaskFromFields(IReadOnlyDictionary<string, JsonElement> f) => new()
    {
        Number = (int)(Number(f, "Number") ?? 0),
        Category = Text(f, "Category"),
        Section = Text(f, "Section"),
        Problem = Text(f, "Problem"),
        Goal = Text(f, "Goal"),
        Measures = JsonList<string>(f, "Measures"),
        Deadline = new Deadline(Date(f, "Deadline"), Text(f, "DeadlineText"), Enum.TryParse<DeadlineKind>(Text(f, "DeadlineKind"), out var kind) ? kind : DeadlineKind.Unknown),
        LeadUnits = new UnitList(Text(f, "LeadUnitsText"), JsonList<string>(f, "LeadUnits")),
        ResponsibleUnits = new UnitList(Text(f, "ResponsibleUnitsText"), JsonList<string>(f, "ResponsibleUnits")),
        ResponsiblePersons = Text(f, "ResponsiblePersons"),
        Status = Enum.TryParse<RectificationStatus>(Text(f, "Status"), out var status) ? status : RectificationStatus.NotStarted,
        PercentComplete = (int)(Number(f, "PercentComplete") ?? 0),
        LastReportAt = Instant(f, "LastReportAt"),
        Version = Number(f, "Version") ?? 1,
    };

    internal static Dictionary<string, object?> ReportToFields(ProgressReport r) => new()
    {
        ["Title"] = $"{r.TaskNumber} {r.Period} {r.Unit}",
        ["SourceId"] = r.SourceId,
        ["ReportId"] = r.Id,
        ["TaskNumber"] = r.TaskNumber,
        ["Unit"] = r.Unit,
        ["ReporterId"] = r.ReporterId,
        ["ReporterName"] = r.ReporterName,
        ["ReportedAt"] = WriteInstant(r.ReportedAt),
        ["Period"] = r.Period,
        ["Status"] = r.Status.ToString(),
        ["PercentComplete"] = r.PercentComplete,
        ["Summary"] = r.Summary,
        ["NextSteps"] = r.NextSteps,
        ["Evidence"] = WriteJson(r.Evidence),
        ["MeasuresDone"] = WriteJson(r.MeasuresDone),
        ["ExpectedCompletion"] = r.ExpectedCompletion is { } d ? WriteDate(d) : null,
        ["ExpectedCompletionText"] = r.ExpectedCompletionText,
        ["Reason"] = r.Reason,
        ["OnBehalf"] = r.OnBehalf,
    };

    internal static ProgressReport ReportFromFields(IReadOnlyDictionary<string, JsonElement> f) => new()
    {
        Id = Text(f, "ReportId"),
        TaskNumber = (int)(Number(f, "TaskNumber") ?? 0),
        Unit = Text(f, "Unit"),
        ReporterId = Text(f, "ReporterId"),
        ReporterName = Text(f, "ReporterName"),
        ReportedAt = Instant(f, "ReportedAt") ?? DateTimeOffset.MinValue,
        Period = Text(f, "Period"),
        Status = Enum.TryParse<RectificationStatus>(Text(f, "Status"), out var status) ? status : RectificationStatus.InProgress,
        PercentComplete = (int)(Number(f, "PercentComplete") ?? 0),
        Summary = Text(f, "Summary"),
        NextSteps = Text(f, "NextSteps"),
        Evidence = JsonList<string>(f, "Evidence"),
        MeasuresDone = JsonList<int>(f, "MeasuresDone"),
        ExpectedCompletion = Date(f, "ExpectedCompletion"),
        ExpectedCompletionText = Text(f, "ExpectedCompletionText"),
        Reason = Text(f, "Reason"),
        OnBehalf = Flag(f, "OnBehalf"),
        SourceId = Text(f, "SourceId"),
    };

    internal static Dictionary<string, object?> PersonToFields(Person p) => new()
    {
        ["Title"] = p.Name,
        ["AadObjectId"] = p.AadObjectId,
        ["Upn"] = p.Upn,
        ["PersonName"] = p.Name,
        ["Unit"] = p.Unit,
        ["Role"] = p.Role.ToString(),
    };

    /// <summary>A person as an administrator keeps them in Microsoft Lists; a row without an id or UPN is skipped.</summary>
    internal static Person? PersonFromFields(IReadOnlyDictionary<string, JsonElement> f)
    {
        var aad = Text(f, "AadObjectId").Trim();
        var upn = Text(f, "Upn").Trim();
        if (aad.Length == 0 && upn.Length == 0)
        {
            return null;
        }
        var name = Text(f, "PersonName").Trim() is { Length: > 0 } n ? n : Text(f, "Title").Trim();
        return new Person(aad.Length == 0 ? null : aad, upn.Length == 0 ? null : upn, name, Text(f, "Unit").Trim(),
            Enum.TryParse<PersonRole>(Text(f, "Role"), ignoreCase: true, out var role) ? role : PersonRole.Official);
    }

    internal static Dictionary<string, object?> ConversationToFields(ConversationAddress a) => new()
    {
        ["Title"] = a.Key.Length <= 255 ? a.Key : a.Key[..255],
        ["ConversationKey"] = a.Key,
        ["Kind"] = a.Kind.ToString(),
        ["ConversationId"] = a.ConversationId,
        ["ServiceUrl"] = a.ServiceUrl,
        ["ChannelId"] = a.ChannelId,
        ["TenantId"] = a.TenantId,
        ["AadObjectId"] = a.AadObjectId,
        ["UserId"] = a.UserId,
        ["TeamId"] = a.TeamId,
        ["TeamChannelId"] = a.TeamChannelId,
        ["BotId"] = a.BotId,
        ["UpdatedAt"] = WriteInstant(a.UpdatedAt),
        ["GoneAt"] = a.GoneAt is { } gone ? WriteInstant(gone) : null,
        ["GoneReason"] = a.GoneReason,
        ["Locale"] = a.Locale,
    };

    /// <summary>An address as stored; an empty optional column reads as null (SharePoint keeps no empty text).</summary>
    internal static ConversationAddress ConversationFromFields(IReadOnlyDictionary<string, JsonElement> f) => new()
    {
        Key = Text(f, "ConversationKey"),
        Kind = Enum.TryParse<ConversationKind>(Text(f, "Kind"), out var kind) ? kind : ConversationKind.Personal,
        ConversationId = Text(f, "ConversationId"),
        ServiceUrl = Text(f, "ServiceUrl"),
        ChannelId = Text(f, "ChannelId"),
        TenantId = Optional(f, "TenantId"),
        AadObjectId = Optional(f, "AadObjectId"),
        UserId = Optional(f, "UserId"),
        TeamId = Optional(f, "TeamId"),
        TeamChannelId = Optional(f, "TeamChannelId"),
        BotId = Text(f, "BotId"),
        UpdatedAt = Instant(f, "UpdatedAt") ?? DateTimeOffset.MinValue,
        GoneAt = Instant(f, "GoneAt"),
        GoneReason = Optional(f, "GoneReason"),
        Locale = Optional(f, "Locale"), // items saved before the column existed have none: Chinese
    };

    /// <summary>A send as stored; the claim token (whose claim it is) stays with the store.</summary>
    internal static SendRecord SendFromFields(IReadOnlyDictionary<string, JsonElement> f) => new()
    {
        Key = Text(f, "SendKey"),
        Kind = Text(f, "Kind"),
        Recipient = Text(f, "Recipient"),
        ClaimedAt = Instant(f, "ClaimedAt") ?? DateTimeOffset.UnixEpoch,
        Attempts = (int)(Number(f, "Attempts") ?? 0),
        SentAt = Instant(f, "SentAt"),
        RetryAfter = Instant(f, "RetryAfter"),
        LastError = Optional(f, "LastError"),
        FailedAt = Instant(f, "FailedAt"),
    };

    private static string? Optional(IReadOnlyDictionary<string, JsonElement> f, string name) => Text(f, name) is { Length: > 0 } text ? text : null;
}
