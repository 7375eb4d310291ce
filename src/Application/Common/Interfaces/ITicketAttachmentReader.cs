namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Lists a ticket's attachments. Read from Championship IT (<c>GET /tickets/{id}/attachments</c>) for
/// now; the mirror's own attachment table, once it is filled by webhooks and the sync, answers the
/// same question without the remote.
/// </summary>
public interface ITicketAttachmentReader
{
    /// <summary>
    /// The attachments of the cached ticket <paramref name="ticketId"/> (remote id
    /// <paramref name="externalTicketId"/>), oldest first. When they cannot be read now, the remote
    /// client's exceptions (<see cref="Remote.RemoteUnavailableException"/>, …) arrive as they are.
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
