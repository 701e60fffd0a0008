using Microsoft.Graph.Models;

namespace RectifyBot.Tasks.Store.Graph;

public enum ColumnKind
{
    Text,
    /// <summary>Multiple lines of plain text (cannot be indexed in SharePoint).</summary>
    Note,
    Number,
    DateTime,
    Choice,
    Boolean,
}

/// <summary>A column the store needs: its type, and whether queries filter on it (indexed) or it is a unique key.</summary>
public sealed record ColumnSchema(string Name, ColumnKind Kind, bool Indexed = false, bool Unique = false, IReadOnlyList<string>? Choices = null)
{
    public ColumnDefinition ToDefinition() => new()
    {
        Name = Name,
        DisplayName = Name,
        Indexed = Indexed || Unique,
        EnforceUniqueValues = Unique ? true : null,
        Text = Kind switch
        {
            ColumnKind.Text => new TextColumn { MaxLength = 255 },
            ColumnKind.Note => new TextColumn { AllowMultipleLines = true, TextType = "plain", LinesForEditing = 6 },
            _ => null,
        },
        Number = Kind == ColumnKind.Number ? new NumberColumn { DecimalPlaces = "none" } : null,
        DateTime = Kind == ColumnKind.DateTime ? new DateTimeColumn { Format = "dateTime" } : null,
        Choice = Kind == ColumnKind.Choice ? new ChoiceColumn { Choices = [.. Choices ?? []], DisplayAs = "dropDownMenu", AllowTextEntry = false } : null,
        Boolean = Kind == ColumnKind.Boolean ? new BooleanColumn() : null,
    };
}

/// <summary>A list the store needs, named <c>{prefix}{Suffix}</c>.</summary>
public sealed record ListSchema(string Suffix, string Description, IReadOnlyList<ColumnSchema> Columns);

/// <summary>The lists and columns of the Graph store; the README documents them for administrators.</summary>
public static class GraphLists
{
    public const string Tasks = "Tasks";
    public const string Reports = "Reports";
    public const string People = "People";
    public const string BotState = "BotState";
    public const string Conversations = "Conversations";
    public const string Sends = "Sends";
    public const string Notices = "Notices";
    public const string NoticeRecipients = "NoticeRecipients";

    private static readonly string[] Statuses = ["NotStarted", "InProgress", "Lagging", "Completed", "SignedOff"];

    public static readonly IReadOnlyList<ListSchema> All =
    [
        new(Tasks, "整改任务清单: one item per task; Title is the task number.",
        [
            new("Number", ColumnKind.Number, Unique: true),
            new("Category", ColumnKind.Text),
            new("Section", ColumnKind.Text),
            new("Problem", ColumnKind.Note),
            new("Goal", ColumnKind.Note),
            new("Measures", ColumnKind.Note),
            new("Deadline", ColumnKind.DateTime, Indexed: true),
            new("DeadlineText", ColumnKind.Text),
            new("DeadlineKind", ColumnKind.Choice, Choices: ["Unknown", "Dated", "LongTerm", "Immediate"]),
            new("LeadUnitsText", ColumnKind.Note),
            new("LeadUnits", ColumnKind.Note),
            new("ResponsibleUnitsText", ColumnKind.Note),
            new("ResponsibleUnits", ColumnKind.Note),
            new("ResponsiblePersons", ColumnKind.Note),
            new("Status", ColumnKind.Choice, Indexed: true, Choices: Statuses),
            new("PercentComplete", ColumnKind.Number),
            new("LastReportAt", ColumnKind.DateTime),
            new("Version", ColumnKind.Number),
        ]),
        new(Reports, "进展报告: one item per progress report; SourceId (the card or message it came from) is unique.",
        [
            new("SourceId", ColumnKind.Text, Unique: true),
            new("ReportId", ColumnKind.Text),
            new("TaskNumber", ColumnKind.Number, Indexed: true),
            new("Unit", ColumnKind.Text),
            new("ReporterId", ColumnKind.Text),
            new("ReporterName", ColumnKind.Text),
            new("ReportedAt", ColumnKind.DateTime),
            new("Period", ColumnKind.Text, Indexed: true),
            new("Status", ColumnKind.Choice, Choices: Statuses),
            new("PercentComplete", ColumnKind.Number),
            new("Summary", ColumnKind.Note),
            new("NextSteps", ColumnKind.Note),
            new("Evidence", ColumnKind.Note),
            new("MeasuresDone", ColumnKind.Text),
            new("ExpectedCompletion", ColumnKind.DateTime),
            new("ExpectedCompletionText", ColumnKind.Text),
            new("Reason", ColumnKind.Note),
            new("OnBehalf", ColumnKind.Boolean),
        ]),
        new(People, "名录: who may use the bot; edit here, the bot picks changes up within Store:Graph:CacheSeconds.",
        [
            new("AadObjectId", ColumnKind.Text, Indexed: true),
            new("Upn", ColumnKind.Text, Indexed: true),
            new("PersonName", ColumnKind.Text),
            new("Unit", ColumnKind.Text),
            new("Role", ColumnKind.Choice, Choices: ["Official", "Leader", "Admin"]),
        ]),
        new(BotState, "The bot's conversation state (flows in progress); not for editing.",
        [
            new("StateKey", ColumnKind.Text, Unique: true),
            new("StateETag", ColumnKind.Text),
            new("Json", ColumnKind.Note),
        ]),
        new(Conversations, "Where the bot can speak first (one item per person, chat or channel); written by the bot, not for editing.",
        [
            new("ConversationKey", ColumnKind.Text, Unique: true),
            new("Kind", ColumnKind.Choice, Choices: ["Personal", "GroupChat", "Channel"]),
            new("ConversationId", ColumnKind.Text),
            new("ServiceUrl", ColumnKind.Text),
            new("ChannelId", ColumnKind.Text),
            new("TenantId", ColumnKind.Text),
            new("AadObjectId", ColumnKind.Text, Indexed: true),
            new("UserId", ColumnKind.Text),
            new("TeamId", ColumnKind.Text),
            new("TeamChannelId", ColumnKind.Text),
            new("BotId", ColumnKind.Text),
            new("UpdatedAt", ColumnKind.DateTime),
            new("GoneAt", ColumnKind.DateTime),
            new("GoneReason", ColumnKind.Text),
            new("Locale", ColumnKind.Text),
        ]),
        new(Sends, "The proactive send log: one item per message the bot speaks first (claimed, sent, retried, given up); written by the bot, not for editing.",
        [
            new("SendKey", ColumnKind.Text, Unique: true),
            new("Kind", ColumnKind.Text),
            new("Recipient", ColumnKind.Text),
            new("ClaimedAt", ColumnKind.DateTime, Indexed: true),
            new("Attempts", ColumnKind.Number),
            new("SentAt", ColumnKind.DateTime),
            new("RetryAfter", ColumnKind.DateTime),
            new("FailedAt", ColumnKind.DateTime),
            new("LastError", ColumnKind.Note),
            new("ClaimToken", ColumnKind.Text),
        ]),
        new(Notices, "督办函: one item per supervision notice; Code (督办〔2019〕3号) and SourceId (the preview it was issued from) are unique; written by the bot.",
        [
            new("NoticeId", ColumnKind.Text, Unique: true),
            new("Code", ColumnKind.Text, Unique: true),
            new("SourceId", ColumnKind.Text, Unique: true),
            new("Year", ColumnKind.Number, Indexed: true),
            new("NoticeNumber", ColumnKind.Number),
            new("TaskNumber", ColumnKind.Number, Indexed: true),
            new("Units", ColumnKind.Note),
            new("Reason", ColumnKind.Note),
            new("NoteText", ColumnKind.Note),
            new("ReplyBy", ColumnKind.DateTime),
            new("IssuerId", ColumnKind.Text),
            new("IssuerName", ColumnKind.Text),
            new("IssuedAt", ColumnKind.DateTime),
            new("State", ColumnKind.Choice, Choices: ["Open", "Closed"]),
            new("ClosedById", ColumnKind.Text),
            new("ClosedByName", ColumnKind.Text),
            new("ClosedAt", ColumnKind.DateTime),
            new("ReturnedAt", ColumnKind.DateTime),
            new("Recipients", ColumnKind.Note),
        ]),
        new(NoticeRecipients, "督办函签收: one item per person a notice was sent to, with their acknowledgement and answer; written by the bot.",
        [
            new("RecipientKey", ColumnKind.Text, Unique: true),
            new("NoticeId", ColumnKind.Text, Indexed: true),
            new("PersonKey", ColumnKind.Text),
            new("PersonName", ColumnKind.Text),
            new("Unit", ColumnKind.Text),
            new("AcknowledgedAt", ColumnKind.DateTime),
            new("AnsweredAt", ColumnKind.DateTime),
            new("Answer", ColumnKind.Note),
            new("Evidence", ColumnKind.Note),
        ]),
    ];
}
