namespace Ticketing.Domain.Tickets;

public enum PendingWriteKind
{
    /// <summary>A new ticket to file (<c>POST /tickets</c>).</summary>
    Create = 0,

    /// <summary>A change to a cached ticket (<c>PATCH /tickets/{id}</c>).</summary>
    Update = 1,

    /// <summary>A reply or internal note on a cached ticket (<c>POST /tickets/{id}/comments</c>).</summary>
    Comment = 2,

    /// <summary>A file to attach to a cached ticket (<c>POST /tickets/{id}/attachments</c>); its bytes wait in <see cref="PendingAttachmentContent"/>.</summary>
    Attachment = 3,
}

public enum PendingWriteState
{
    /// <summary>Waiting for Championship IT to answer.</summary>
    Pending = 0,

    /// <summary>Championship IT took it.</summary>
    Delivered = 1,

    /// <summary>Championship IT refused it (422, or the ticket is gone); its author was notified.</summary>
    Rejected = 2,
}

/// <summary>
/// A ticket write made while Championship IT could not be reached (<c>ticket_outbox</c>). Stored in
/// the same transaction as its audit entry, then delivered in order per ticket, with
/// <see cref="IdempotencyKey"/>, by the outbox job once the remote answers. <see cref="Id"/> is the
/// order writes were made in.
/// </summary>
public sealed class PendingTicketWrite
{
    public long Id { get; set; }

    /// <summary>
    /// Sent as <c>Idempotency-Key</c> on a create or a comment, so a retried delivery never files a
    /// second ticket or posts a comment twice.
    /// </summary>
    public Guid IdempotencyKey { get; set; }

    public PendingWriteKind Kind { get; set; }

    /// <summary>The cached ticket an update or a comment is for; for a create, the cached ticket once delivered.</summary>
    public Guid? TicketId { get; set; }

    /// <summary>The remote's id of the ticket (an update's target, a delivered create's result).</summary>
    public string? ExternalTicketId { get; set; }

    /// <summary>The ticket number when known (updates, delivered creates).</summary>
    public string? TicketNumber { get; set; }

    /// <summary>What the user asked for, in words: "Printer on fire" or "status → resolved, priority → high".</summary>
    public required string Summary { get; set; }

    /// <summary>The write itself as JSON: the create's body, the fields before and after an update, or the comment.</summary>
    public required string PayloadJson { get; set; }

    /// <summary>Who made the write: told when it is rejected, and not notified of their own change.</summary>
    public string? AuthorUserId { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public PendingWriteState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Why the last attempt did not deliver it (remote unreachable), or why it was rejected.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
