using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Attachments;

namespace Ticketing.Application.Tickets.Queries.GetAttachmentContent;

/// <summary>
/// The bytes of one of a ticket's attachments, to pass on as a download. Not found unless the ticket
/// is live here and Championship IT lists the attachment as one of its own: the remote's list, not the
/// mirror's, authorizes a download, since the bytes come from there anyway.
/// </summary>
public sealed record GetAttachmentContentQuery(Guid TicketId, string AttachmentId) : IQuery<AttachmentDownload>;

/// <summary>
/// A download as it arrives from Championship IT: read <see cref="Content"/> and dispose this.
/// <see cref="FileName"/> is sanitized; <see cref="ContentType"/> is one of the allowed types or
/// <c>application/octet-stream</c>, never something a browser would run.
/// </summary>
public sealed class AttachmentDownload(RemoteAttachmentContent content, string fileName, string contentType) : IAsyncDisposable
{
    public Stream Content => content.Content;

    public long? Length => content.Length;

    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public ValueTask DisposeAsync() => content.DisposeAsync();
}

public sealed class GetAttachmentContentHandler(
    ITicketRepository tickets,
    ITicketingApi remote,
    IOptions<AttachmentOptions> options,
    Phi.PhiGuard guard)
    : IQueryHandler<GetAttachmentContentQuery, AttachmentDownload>
{
    public const string FallbackContentType = "application/octet-stream";

    public async ValueTask<AttachmentDownload> Handle(GetAttachmentContentQuery query, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(query.TicketId, cancellationToken) ?? throw new NotFoundException("Ticket", query.TicketId);
        await guard.EnsureMayReadAsync(ticket.Id, ticket.TicketNumber, cancellationToken);
        RemoteAttachmentContent content;
        RemoteAttachment listed;
        try
        {
            listed = (await remote.GetAttachmentsAsync(ticket.ExternalTicketId, cancellationToken)).Attachments
                .FirstOrDefault(a => string.Equals(a.Id, query.AttachmentId, StringComparison.Ordinal)
                    && string.Equals(a.ExternalTicketId, ticket.ExternalTicketId, StringComparison.Ordinal))
                ?? throw new NotFoundException("Attachment", query.AttachmentId);
            content = await remote.GetAttachmentContentAsync(listed.Id, cancellationToken);
        }
        catch (RemoteNotFoundException)
        {
            throw new NotFoundException("Attachment", query.AttachmentId);
        }

        var type = listed.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        return new AttachmentDownload(
            content,
            AttachmentFileName.Sanitize(listed.FileName),
            options.Value.Allowed.Contains(type) ? type : FallbackContentType);
    }
}
