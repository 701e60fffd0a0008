namespace RectifyBot.Bot.Hosting;

/// <summary>
/// The HTTP clients the Bot Framework SDK creates for the channel's connector (replies, updates, user tokens). The SDK
/// asks its <see cref="IHttpClientFactory"/> for the unnamed client; this factory hands out the named client
/// <see cref="Name"/> instead, whose timeout is <c>Bot:ConnectorTimeoutSeconds</c>, so an unresponsive service URL
/// fails the turn in seconds rather than after HttpClient's 100 s default.
/// </summary>
public sealed class ConnectorHttpClients(IHttpClientFactory factory) : IHttpClientFactory
{
    public const string Name = "BotConnector";

    public HttpClient CreateClient(string name) => factory.CreateClient(Name);
}
