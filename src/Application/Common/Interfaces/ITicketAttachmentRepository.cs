using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The attachments of mirrored tickets (<c>ticket_attachments</c>): their metadata only. Filled by the
/// <c>ticket.attachment_added</c> webhook and by the sync's backfill; a data error surfaces as
/// <see cref="Exceptions.MirrorDataException"/>.
/// </summary>
public interface ITicketAttachmentRepository
{
    /// <summary>
    /// Stores attachments of one remote ticket once each, by remote id (a repeat, from a webhook or a sync,
    /// changes nothing). Returns how many were new; none when the ticket is not cached.
    /// </summary>
    Task<int> AddAsync(string externalTicketId, IReadOnlyCollection<TicketAttachment> attachments, CancellationToken cancellationToken);

    /// <summary>A cached ticket's attachments in upload order (oldest first); empty for an unknown ticket.</summary>
    Task<IReadOnlyList<TicketAttachment>> GetAttachmentsAsync(Guid ticketId, CancellationToken cancellationToken);
}
