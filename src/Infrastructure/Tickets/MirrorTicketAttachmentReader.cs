using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Lists a ticket's attachments from the mirror (<c>ticket_attachments</c>, filled by the
/// <c>ticket.attachment_added</c> webhook, the sync's backfill and the app's own uploads), so the ticket
/// page shows them while Championship IT is down. Downloads still ask the remote.
/// </summary>
internal sealed class MirrorTicketAttachmentReader(ITicketAttachmentRepository attachments) : ITicketAttachmentReader
{
    public async Task<IReadOnlyList<TicketAttachmentSummary>> ListAsync(Guid ticketId, string externalTicketId, CancellationToken cancellationToken) =>
    [
        .. (await attachments.GetAttachmentsAsync(ticketId, cancellationToken))
            .Select(a => new TicketAttachmentSummary(a.ExternalAttachmentId, a.FileName, a.ContentType, a.SizeBytes, a.UploadedByName, a.CreatedAt, a.Sha256)),
    ];
}
