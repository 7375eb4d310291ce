namespace Ticketing.Infrastructure.Remote;

/// <summary>One request to Championship IT as the client builds it: method, path relative to the base URL, body.</summary>
internal sealed record RemoteCall(HttpMethod Method, string Path)
{
    public byte[]? Body { get; init; }

    public Guid? IdempotencyKey { get; init; }

    /// <summary>Set for calls about one ticket, so a 404 means "no such ticket" rather than a wrong URL.</summary>
    public string? TicketId { get; init; }
}
