namespace Ticketing.Infrastructure.Remote;

/// <summary>One request to Championship IT as the client builds it: method, path relative to the base URL, body.</summary>
internal sealed record RemoteCall(HttpMethod Method, string Path)
{
    /// <summary>A JSON body.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Any other body (an upload), built when the request is.</summary>
    public Func<HttpContent>? Content { get; init; }

    public Guid? IdempotencyKey { get; init; }

    public string Accept { get; init; } = "application/json";

    /// <summary>Set for calls about one ticket, so a 404 means "no such ticket" rather than a wrong URL.</summary>
    public string? TicketId { get; init; }

    /// <summary>What a 404 means when it is neither a ticket nor a wrong URL (an unknown attachment).</summary>
    public Func<Exception>? NotFound { get; init; }

    /// <summary>Set for an endpoint added in contract 1.1: a 404 then means a 1.0 remote (<see cref="Application.Remote.RemoteNotSupportedException"/>).</summary>
    public string? Feature { get; init; }

    /// <summary>An upload: the upload timeout applies instead of the call timeouts.</summary>
    public bool IsUpload { get; init; }

    /// <summary>False when the body can be sent only once (a stream that cannot be rewound): never retried.</summary>
    public bool IsRepeatable { get; init; } = true;

    /// <summary>The uploaded file's name, for a 413's message.</summary>
    public string? UploadFileName { get; init; }
}
