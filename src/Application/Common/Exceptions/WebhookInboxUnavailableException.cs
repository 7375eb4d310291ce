namespace Ticketing.Application.Common.Exceptions;

/// <summary>
/// The webhook inbox could not store a message (the database is away or refused the write). The
/// message was not stored, so it must not be acknowledged: the sender retries it later.
/// </summary>
public sealed class WebhookInboxUnavailableException : Exception
{
    public WebhookInboxUnavailableException()
        : base("The webhook inbox is unavailable.")
    {
    }

    public WebhookInboxUnavailableException(string message)
        : base(message)
    {
    }

    public WebhookInboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
