namespace RectifyBot.Bot.Tests;

/// <summary>
/// The tests that drive Chromium run one class at a time: two browsers at once on a 2-core machine, beside the other
/// tests, starved Web Chat's send box past its timeouts.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class BrowserTests
{
    public const string Collection = "browser";
}
