namespace Ticketing.Application.Remote;

/// <summary>Championship IT refused the API key (401) or its permissions (403).</summary>
public sealed class RemoteUnauthorizedException : Exception
{
    public const string RejectedKeyMessage = "The API key was rejected by Championship IT (401).";

    public RemoteUnauthorizedException()
        : base(RejectedKeyMessage)
    {
    }

    public RemoteUnauthorizedException(string message)
        : base(message)
    {
    }

    public RemoteUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
