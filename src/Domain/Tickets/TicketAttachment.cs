namespace Ticketing.Domain.Tickets;

/// <summary>
/// What the mirror knows of a file attached to a remote ticket (<c>ticket_attachments</c>): its metadata,
/// never its bytes, which stay at the remote (<c>GET /attachments/{id}/content</c>). Stored once by its
/// remote id whether the <c>ticket.attachment_added</c> webhook or a sync brought it; the remote never
/// changes an attachment, so the first copy stored is the one kept.
/// </summary>
public sealed class TicketAttachment
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }

    /// <summary>The remote's id, which downloads the bytes.</summary>
    public required string ExternalAttachmentId { get; set; }

    /// <summary>Exactly as the remote keeps it (any characters): sanitise it for display and downloads.</summary>
    public required string FileName { get; set; }

    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bytes; null when the remote did not say.</summary>
    public string? Sha256 { get; set; }

    public string? UploadedByName { get; set; }

    /// <summary>When it was attached at the remote.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
