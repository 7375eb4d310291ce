namespace Ticketing.Application.Common.Exceptions;

/// <summary>The thing asked for does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("The requested item was not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotFoundException(string name, object key)
        : base($"{name} '{key}' was not found.")
    {
    }
}
