using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Import;

/// <summary>Reads the directory from CSV with the header <c>aadObjectId,upn,name,unit,role</c>; rows that cannot be used are rejected with a reason.</summary>
public static class PeopleCsvReader
{
    public static readonly string[] Header = ["aadObjectId", "upn", "name", "unit", "role"];

    public static PeopleCsv Read(TextReader text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
        };
        using var csv = new CsvReader(text, config);
        if (!csv.Read() || !csv.ReadHeader())
        {
            throw new ImportException("The people file is empty; expected the header aadObjectId,upn,name,unit,role.");
        }
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Header.Where(h => !header.Contains(h.ToLowerInvariant())).ToList();
        if (missing.Count > 0)
        {
            throw new ImportException($"The people file's header lacks {string.Join(", ", missing)}; expected aadObjectId,upn,name,unit,role. Nothing was changed.");
        }

        var people = new List<Person>();
        var rejected = new List<RejectedRow>();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string? Field(string name) => csv.GetField(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;
            var aad = Field("aadobjectid");
            var upn = Field("upn");
            var name = Field("name");
            var unit = Field("unit");
            var roleText = Field("role");
            string? reason = null;
            if (aad is null && upn is null)
            {
                reason = "needs an aadObjectId or a upn";
            }
            else if (aad is not null && aad.Any(char.IsWhiteSpace))
            {
                reason = $"aadObjectId «{aad}» contains spaces";
            }
            else if (upn is not null && (!upn.Contains('@') || upn.Any(char.IsWhiteSpace)))
            {
                reason = $"upn «{upn}» is not a user principal name (name@domain)";
            }
            else if (name is null)
            {
                reason = "name is empty";
            }
            else if (unit is null)
            {
                reason = "unit is empty";
            }
            else if (ParseRole(roleText) is null)
            {
                reason = $"role «{roleText}» is not Official, Leader or Admin";
            }
            else if ((aad is not null && !keys.Add("aad:" + aad)) | (upn is not null && !keys.Add("upn:" + upn)))
            {
                reason = "the same person appears earlier in the file";
            }
            if (reason is not null)
            {
                rejected.Add(new RejectedRow(line, reason));
                continue;
            }
            people.Add(new Person(aad, upn, name!, unit!, ParseRole(roleText)!.Value));
        }
        return new PeopleCsv(people, rejected);
    }

    private static PersonRole? ParseRole(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "official" or "工作人员" or "联络员" => PersonRole.Official,
        "leader" or "领导" => PersonRole.Leader,
        "admin" or "管理员" => PersonRole.Admin,
        _ => null,
    };
}

public sealed record PeopleCsv(IReadOnlyList<Person> People, IReadOnlyList<RejectedRow> Rejected);

public sealed record RejectedRow(int Line, string Reason);
