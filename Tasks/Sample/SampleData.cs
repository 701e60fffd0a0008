using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Tasks.Sample;

/// <summary>The bundled sample: Wuhan's 2018 rectification plan (4 tasks) and a small demo directory.</summary>
public static class SampleData
{
    /// <summary>The plan was issued in late 2018; its deadlines are read against that date.</summary>
    public static readonly DateOnly PlanDate = new(2018, 11, 1);

    public static readonly IReadOnlyList<Person> People =
    [
        new("u-water", "water@rectifybot.example", "水务局联络员", "市水务局", PersonRole.Official),
        new("u-agri", "agri@rectifybot.example", "农业农村局联络员", "市农业农村局", PersonRole.Official),
        new("u-jiangan", "jiangan@rectifybot.example", "江岸区联络员", "江岸区政府", PersonRole.Official),
        new("u-leader", "leader@rectifybot.example", "综合协调组组长", "市领导小组综合协调组", PersonRole.Leader),
        new("u-admin", "admin@rectifybot.example", "生态环境局管理员", "市生态环境局", PersonRole.Admin),
    ];

    public static PlanDocument ReadPlan()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream("RectifyBot.Tasks.Sample.wuhan-2018-plan.txt")
            ?? throw new InvalidOperationException("The sample plan is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return TextPlanReader.Read(reader.ReadToEnd());
    }

    /// <summary>Loads the sample into a store: the directory first, so the import checks units against it.</summary>
    public static async Task<(PeopleOutcome People, ImportSummary Plan)> LoadAsync(ITaskStore store, PlanImporter importer, CancellationToken cancellationToken = default, AuditActor? actor = null)
    {
        // Through the importer (into its store), so both imports are on the audit trail.
        _ = store;
        var people = await importer.ImportPeopleAsync(People, "the bundled sample's directory", 0, cancellationToken, actor);
        var plan = await importer.ImportAsync(ReadPlan(), "the bundled sample (Wuhan 2018)", PlanDate, cancellationToken, actor);
        return (people, plan);
    }
}
