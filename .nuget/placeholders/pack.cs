// Rebuilds the metadata-only placeholder packages in .nuget/feed from the .nuspec files beside this script.
// Run from the repository root: dotnet run .nuget/placeholders/pack.cs
// Add --check to verify that the committed .nupkg files are exactly what this script produces.
using System.IO.Compression;
using System.Xml.Linq;

var check = args.Contains("--check");
var here = Path.Combine(Directory.GetCurrentDirectory(), ".nuget");
var feed = Path.Combine(here, "feed");
Directory.CreateDirectory(feed);
var failures = 0;

foreach (var nuspec in Directory.GetFiles(Path.Combine(here, "placeholders"), "*.nuspec").Order(StringComparer.Ordinal))
{
    XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
    var metadata = XDocument.Load(nuspec).Root!.Element(ns + "metadata")!;
    var id = metadata.Element(ns + "id")!.Value;
    var version = metadata.Element(ns + "version")!.Value;
    var bytes = Pack(id, File.ReadAllBytes(nuspec));
    var target = Path.Combine(feed, $"{id.ToLowerInvariant()}.{version}.nupkg");

    if (check)
    {
        var same = File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes);
        Console.WriteLine($"{(same ? "ok" : "DIFFERS")}  {Path.GetFileName(target)}");
        failures += same ? 0 : 1;
    }
    else
    {
        File.WriteAllBytes(target, bytes);
        Console.WriteLine($"wrote {Path.GetFileName(target)} ({bytes.Length} bytes)");
    }
}

return failures;

// A fixed entry order, a fixed timestamp and no compression make the archive byte-for-byte reproducible.
static byte[] Pack(string id, byte[] nuspec)
{
    using var buffer = new MemoryStream();
    using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
    {
        var entry = zip.CreateEntry($"{id}.nuspec", CompressionLevel.NoCompression);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(nuspec);
    }
    return buffer.ToArray();
}
