using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Lists a ticket's attachments from Championship IT itself (<c>GET /tickets/{id}/attachments</c>):
/// the mirror has no attachment table yet. Records the client could not read are left out.
/// </summary>
internal sealed class RemoteTicketAttachmentReader(ITicketingApi remote) : ITicketAttachmentReader
{
    public async Task<IReadOnlyList<TicketAttachmentSummary>> ListAsync(Guid ticketId, string externalTicketId, CancellationToken cancellationToken)
    {
        var list = await remote.GetAttachmentsAsync(externalTicketId, cancellationToken);
        return
        [
            .. list.Attachments
                .Where(a => string.Equals(a.ExternalTicketId, externalTicketId, StringComparison.Ordinal))
                .Select(a => new TicketAttachmentSummary(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.UploadedByName, a.CreatedAt, a.Sha256)),
        ];
    }
}
