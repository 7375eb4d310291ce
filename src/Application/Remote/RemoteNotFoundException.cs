namespace Ticketing.Application.Remote;

/// <summary>Championship IT has no ticket (or attachment) with this external id (404).</summary>
public sealed class RemoteNotFoundException : Exception
{
    public RemoteNotFoundException()
        : base("Championship IT has no such ticket.")
    {
    }

    public RemoteNotFoundException(string message)
        : base(message)
    {
    }

    public RemoteNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static RemoteNotFoundException ForTicket(string externalId) =>
        new($"Championship IT has no ticket '{externalId}'.") { ExternalId = externalId };

    public static RemoteNotFoundException ForAttachment(string attachmentId) =>
        new($"Championship IT has no attachment '{attachmentId}'.") { ExternalId = attachmentId };

    /// <summary>The remote id of the ticket (or attachment) that was not found.</summary>
    public string? ExternalId { get; private init; }
}
