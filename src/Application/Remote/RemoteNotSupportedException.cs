namespace Ticketing.Application.Remote;

/// <summary>
/// The remote does not serve an endpoint added in contract 1.1 (it answered 404 where a 1.1 remote
/// always answers): it speaks 1.0. Callers fall back to what 1.0 offers instead of failing.
/// </summary>
public sealed class RemoteNotSupportedException : Exception
{
    public RemoteNotSupportedException()
        : base("Championship IT does not serve this endpoint (contract 1.0).")
    {
    }

    public RemoteNotSupportedException(string message)
        : base(message)
    {
    }

    public RemoteNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static RemoteNotSupportedException For(string feature) =>
        new($"Championship IT does not serve {feature} (it answered 404): it speaks contract 1.0.") { Feature = feature };

    /// <summary>What is missing, in words ("the deletions feed").</summary>
    public string? Feature { get; private init; }
}
