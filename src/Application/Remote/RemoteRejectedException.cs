namespace Ticketing.Application.Remote;

/// <summary>
/// Championship IT refused the request as invalid (422, or another 4xx that is not 401/403/404).
/// <see cref="Errors"/> maps the remote's field names (<c>title</c>, <c>due_date</c>) to its messages.
/// </summary>
public sealed class RemoteRejectedException : Exception
{
    public RemoteRejectedException()
        : this("Championship IT rejected the request.")
    {
    }

    public RemoteRejectedException(string message)
        : this(message, new Dictionary<string, string[]>())
    {
    }

    public RemoteRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public RemoteRejectedException(string message, IReadOnlyDictionary<string, string[]> errors, int statusCode = 422)
        : base(message)
    {
        Errors = errors;
        StatusCode = statusCode;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public int StatusCode { get; } = 422;
}
