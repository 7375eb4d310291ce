namespace Ticketing.Application.Remote;

/// <summary>Why Championship IT could not be used; lets a page or the sync say what to do next.</summary>
public enum RemoteUnavailableReason
{
    /// <summary>No base URL or API key has been set, or the integration is switched off.</summary>
    NotConfigured,
    /// <summary>No answer within the attempt or total timeout.</summary>
    Timeout,
    /// <summary>The connection failed (DNS, refused, reset, TLS).</summary>
    NetworkError,
    /// <summary>5xx after every retry.</summary>
    ServerError,
    /// <summary>429 after every retry, or a Retry-After longer than the client may wait.</summary>
    RateLimited,
    /// <summary>Too many recent failures: calls are paused for a while without being sent.</summary>
    CircuitOpen,
    /// <summary>An answer this client cannot read (not the contract's JSON, or an unexpected status).</summary>
    InvalidResponse,
}

/// <summary>
/// Championship IT could not answer (network, timeouts, 5xx or 429 after the retries, circuit open,
/// not configured). The message says what happened in words an admin can act on; it never contains
/// a secret.
/// </summary>
public sealed class RemoteUnavailableException : Exception
{
    public RemoteUnavailableException()
        : this(RemoteUnavailableReason.NetworkError, "Championship IT could not be reached.")
    {
    }

    public RemoteUnavailableException(string message)
        : this(RemoteUnavailableReason.NetworkError, message)
    {
    }

    public RemoteUnavailableException(string message, Exception innerException)
        : this(RemoteUnavailableReason.NetworkError, message, innerException)
    {
    }

    public RemoteUnavailableException(RemoteUnavailableReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public RemoteUnavailableReason Reason { get; }
}
