using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Ticket writes waiting for Championship IT (<c>ticket_outbox</c>). A write is queued together with
/// its audit entry, in one transaction, so it is never half-recorded.
/// </summary>
public interface ITicketOutbox
{
    /// <summary>Whether any write waits for Championship IT.</summary>
    Task<bool> AnyPendingAsync(CancellationToken cancellationToken);

    /// <summary>Stores the write and the audit entry <paramref name="auditAction"/> in one transaction.</summary>
    Task EnqueueAsync(PendingTicketWrite write, string auditAction, object auditDetails, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a queued upload (<see cref="PendingWriteKind.Attachment"/>), its bytes and the audit entry in
    /// one transaction. False when the same file (its Idempotency-Key) was queued already.
    /// </summary>
    Task<bool> EnqueueAttachmentAsync(PendingTicketWrite write, byte[] content, string auditAction, object auditDetails, CancellationToken cancellationToken);

    /// <summary>The bytes of a queued upload, or null when they are gone.</summary>
    Task<byte[]?> GetAttachmentContentAsync(long id, CancellationToken cancellationToken);

    /// <summary>The queue, oldest first, at most <paramref name="limit"/> writes.</summary>
    Task<IReadOnlyList<PendingTicketWrite>> GetPendingAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Counts an attempt before it is made, so a crash during it is known to the next one.</summary>
    Task RecordAttemptAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The remote could not be reached: the write stays queued with the reason.</summary>
    Task RecordFailureAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Delivered or rejected: the write leaves the queue, with its outcome and the ticket it ended up as;
    /// a queued upload's bytes are deleted with it.
    /// </summary>
    Task CompleteAsync(long id, PendingWriteState state, string? reason, Guid? ticketId, string? externalTicketId, string? ticketNumber, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Queued creates not delivered yet (everyone's: they are tickets to be), newest first.</summary>
    Task<IReadOnlyList<PendingTicketWrite>> GetPendingCreatesAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The queued updates and comments of these cached tickets, oldest first.</summary>
    Task<IReadOnlyList<PendingTicketWrite>> GetPendingUpdatesAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken);

    /// <summary>How many writes are queued, and since when the oldest waits.</summary>
    Task<(int Count, DateTimeOffset? OldestQueuedAt)> GetBacklogAsync(CancellationToken cancellationToken);
}

/// <summary>Serialises outbox deliveries across app instances: one delivery round at a time.</summary>
public interface IOutboxLock
{
    /// <summary>The lease, or null at once when another instance is delivering.</summary>
    Task<ISyncLease?> TryAcquireAsync(CancellationToken cancellationToken);
}
