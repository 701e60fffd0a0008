using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Rules;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Export;

/// <summary>
/// The audit trail as CSV for reviewers (<c>audit export</c>): UTF-8 with a byte-order mark so Excel and WPS read Chinese
/// correctly; the columns sequence, at (UTC, ISO 8601), actor id, actor name, action, task, subject, details, refused.
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Columns = ["sequence", "at", "actorId", "actorName", "action", "task", "subject", "details", "refused"];

    /// <summary>The instants of a range of China-time days, <paramref name="to"/> included: [from 00:00, the day after to 00:00).</summary>
    public static AuditQuery Query(DateOnly? from, DateOnly? to, int? task) => new()
    {
        From = from is { } f ? StartOf(f) : null,
        To = to is { } t ? StartOf(t.AddDays(1)) : null,
        TaskNumber = task,
    };

    public static async Task WriteAsync(IEnumerable<AuditEntry> entries, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Context.RegisterClassMap<Map>();
        await csv.WriteRecordsAsync(entries, cancellationToken);
    }

    private static DateTimeOffset StartOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), PlanClock.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();

    /// <summary>An instant written in UTC with its <c>Z</c> (2019-03-20T02:00:00.000Z), and read back from any ISO 8601 form.</summary>
    public sealed class UtcInstant : CsvHelper.TypeConversion.DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is DateTimeOffset instant ? instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : base.ConvertToString(value, row, memberMapData);

        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            DateTimeOffset.Parse(text ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>The columns, named and ordered; the instant in UTC with its <c>Z</c>.</summary>
    public sealed class Map : ClassMap<AuditEntry>
    {
        public Map()
        {
            Map(e => e.Sequence).Name(Columns[0]).Index(0);
            Map(e => e.At).Name(Columns[1]).Index(1).TypeConverter<UtcInstant>();
            Map(e => e.ActorId).Name(Columns[2]).Index(2);
            Map(e => e.ActorName).Name(Columns[3]).Index(3);
            Map(e => e.Action).Name(Columns[4]).Index(4);
            Map(e => e.TaskNumber).Name(Columns[5]).Index(5);
            Map(e => e.Subject).Name(Columns[6]).Index(6);
            Map(e => e.Details).Name(Columns[7]).Index(7);
            Map(e => e.Refused).Name(Columns[8]).Index(8);
        }
    }
}
