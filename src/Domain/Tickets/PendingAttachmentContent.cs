namespace Ticketing.Domain.Tickets;

/// <summary>
/// The bytes of a file uploaded while Championship IT could not be reached (<c>attachment_outbox</c>),
/// kept in PostgreSQL (never on the app's disk) until the outbox delivers its <see cref="PendingTicketWrite"/>
/// of kind <see cref="PendingWriteKind.Attachment"/>, then deleted whatever the outcome.
/// </summary>
public sealed class PendingAttachmentContent
{
    /// <summary>The <see cref="PendingTicketWrite.Id"/> this file belongs to.</summary>
    public long OutboxId { get; set; }

    public required byte[] Content { get; set; }
}
