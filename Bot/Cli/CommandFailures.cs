using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using RectifyBot.Tasks.Import;

namespace RectifyBot.Bot.Cli;

/// <summary>
/// The failures a command can expect (bad configuration, a missing file, an unreadable plan, a store that cannot be
/// reached or written) as one line for the person at the terminal, instead of a stack trace. Anything else is a bug and
/// keeps its stack trace.
/// </summary>
public static class CommandFailures
{
    /// <summary>The line to print and the exit code, or null for an unexpected exception.</summary>
    public static (string Message, int ExitCode)? Describe(Exception exception) => exception switch
    {
        ImportException e => (e.Message, 2),
        OptionsValidationException e => ("The configuration is not usable: " + string.Join(" ", e.Failures), 1),
        FileNotFoundException e => (e.FileName is { } name ? $"The file {name} does not exist." : e.Message, 1),
        DirectoryNotFoundException e => (e.Message, 1),
        UnauthorizedAccessException e => (e.Message, 1),
        SqliteException e => ($"The database could not be used: {e.Message}", 1),
        ODataError e => ($"Microsoft Graph refused the request ({e.ResponseStatusCode}): {e.Error?.Message ?? e.Message}", 1),
        ApiException e => ($"Microsoft Graph refused the request ({e.ResponseStatusCode}): {e.Message}", 1),
        HttpRequestException e => ($"The store could not be reached: {e.Message}", 1),
        TimeoutException e => ($"The store did not answer in time: {e.Message}", 1),
        TaskCanceledException e => ($"The store did not answer in time: {e.Message}", 1),
        IOException e => (e.Message, 1),
        AggregateException { InnerExceptions.Count: > 0 } e when e.InnerExceptions.All(i => Describe(i) is not null) => Describe(e.InnerExceptions[0]),
        InvalidOperationException { InnerException: { } inner } when Describe(inner) is { } described => described,
        // The stores say "run provision first", "the site was not found" and the like this way.
        InvalidOperationException e when e.TargetSite?.DeclaringType?.FullName?.StartsWith("RectifyBot.Tasks.Store", StringComparison.Ordinal) == true => (e.Message, 1),
        _ => null,
    };
}
