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

public interface ISyncLease : IAsyncDisposable;
