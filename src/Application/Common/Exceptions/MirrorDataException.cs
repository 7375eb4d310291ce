namespace Ticketing.Application.Common.Exceptions;

/// <summary>
/// The local mirror of the remote's tickets refused a write because of the data itself: a value too
/// long or out of range for its column, a broken constraint, a value over a limit. Retrying the same
/// data cannot help, so the caller sets it aside. Anything else the database says (connection lost,
/// shutdown, lock timeout) is not this exception and may be retried.
/// </summary>
public sealed class MirrorDataException : Exception
{
    public MirrorDataException()
        : this(string.Empty, "The cache refused the data.")
    {
    }

    public MirrorDataException(string message)
        : this(string.Empty, message)
    {
    }

    public MirrorDataException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <param name="code">The database's error code (its SQLSTATE, e.g. <c>22001</c>).</param>
    /// <param name="reason">The database's reason; it names the constraint or type, never the value.</param>
    /// <param name="innerException">The database's own exception.</param>
    public MirrorDataException(string code, string reason, Exception? innerException = null)
        : base(code.Length == 0 ? reason : $"{code} {reason}", innerException)
    {
        Code = code;
        Reason = reason;
    }

    public string Code { get; }

    public string Reason { get; }
}
