namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Lists a ticket's attachments as the mirror knows them (<c>ticket_attachments</c>): it answers while
/// Championship IT is down. A download checks the remote's own list (<c>GET /tickets/{id}/attachments</c>).
/// </summary>
public interface ITicketAttachmentReader
{
    /// <summary>
    /// The attachments of the cached ticket <paramref name="ticketId"/> (remote id
    /// <paramref name="externalTicketId"/>), oldest first.
    /// </summary>
    Task<IReadOnlyList<TicketAttachmentSummary>> ListAsync(Guid ticketId, string externalTicketId, CancellationToken cancellationToken);
}

/// <summary>
/// One attachment as the pages list it. <see cref="FileName"/> is as the remote holds it: show it only
/// through <see cref="Tickets.Attachments.AttachmentFileName.Sanitize"/>.
/// </summary>
public sealed record TicketAttachmentSummary(
    string Id,
    string FileName,
    string ContentType,
    long SizeBytes,
    string? UploadedByName,
    DateTimeOffset CreatedAt,
    string? Sha256);
