namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The one lock that lets a single sync run at a time across every app instance. Held for the whole
/// run; released when the lease is disposed or the process dies.
/// </summary>
public interface ISyncLock
{
    /// <summary>The lease, or null at once when another run holds it.</summary>
    Task<ISyncLease?> TryAcquireAsync(CancellationToken cancellationToken);
}

/// <summary>A held lock; disposing it releases the lock, and disposing it again does nothing.</summary>
public interface ISyncLease : IAsyncDisposable;

/// <summary>
/// The lock that lets one instance at a time read comments and attachments into the mirror, so two never
/// read the same ticket twice. Separate from the sync lock: the next run may store tickets meanwhile.
/// </summary>
public interface ICommentBackfillLock
{
    /// <summary>The lease, or null at once when another instance is reading comments.</summary>
    Task<ISyncLease?> TryAcquireAsync(CancellationToken cancellationToken);
}
