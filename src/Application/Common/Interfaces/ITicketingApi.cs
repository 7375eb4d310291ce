using Ticketing.Application.Remote;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Championship IT, the remote source of truth for tickets (see docs: championship-it-api).
/// Failures arrive as <see cref="RemoteUnavailableException"/>, <see cref="RemoteRejectedException"/>,
/// <see cref="RemoteNotFoundException"/> or <see cref="RemoteUnauthorizedException"/>; the caller's
/// own cancellation arrives as <see cref="OperationCanceledException"/>. Transient failures have
/// already been retried when an exception arrives.
/// </summary>
public interface ITicketingApi
{
    /// <summary>One page of tickets. Records that cannot be read are reported in the page's errors.</summary>
    Task<RemoteTicketPage> GetTicketsAsync(RemoteTicketQuery query, CancellationToken cancellationToken);

    /// <summary>One ticket by its external id; <see cref="RemoteNotFoundException"/> when the remote has none.</summary>
    Task<RemoteTicketResult> GetTicketAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a ticket. <paramref name="idempotencyKey"/> is chosen once by the caller per ticket to
    /// create and reused on every retry of it (also the caller's own retry after a timeout), so the
    /// remote creates it at most once.
    /// </summary>
    Task<RemoteCreatedTicket> CreateTicketAsync(RemoteTicketCreate ticket, Guid idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Changes the fields set in <paramref name="update"/>, and only those.</summary>
    Task<RemoteTicketResult> UpdateTicketAsync(string externalId, RemoteTicketUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// The remote's figures, cached for a few minutes (<paramref name="refresh"/> skips the cache).
    /// When the remote cannot answer, the figures of the local cache, flagged as such; this never
    /// throws for an unavailable remote.
    /// </summary>
    Task<RemoteTicketStats> GetStatsAsync(bool refresh, CancellationToken cancellationToken);

    /// <summary>
    /// Every ticket changed at or after <paramref name="since"/> (all when null), oldest change first,
    /// one batch per remote page of <paramref name="pageSize"/>, each ticket at most once per version.
    /// Pages by <c>updated_since</c> cursor, not by offset, so changes made while paging are not missed.
    /// </summary>
    IAsyncEnumerable<RemoteTicketBatch> StreamChangedSinceAsync(DateTimeOffset? since, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Every deletion at or after <paramref name="since"/> (all the remote keeps when null), oldest first,
    /// one batch per remote page, each at most once (contract 1.1, <c>GET /tickets/deleted</c>).
    /// <see cref="RemoteNotSupportedException"/> from a 1.0 remote.
    /// </summary>
    IAsyncEnumerable<RemoteTombstoneBatch> StreamDeletedSinceAsync(DateTimeOffset? since, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// A ticket's comments created at or after <paramref name="since"/> (all when null), oldest first,
    /// one batch per remote page, each at most once; <see cref="RemoteNotFoundException"/> for an
    /// unknown ticket (a 1.0 remote answers the same way).
    /// </summary>
    IAsyncEnumerable<RemoteCommentBatch> StreamCommentsAsync(string externalTicketId, DateTimeOffset? since, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a comment. <paramref name="idempotencyKey"/> is chosen once per comment and reused on every
    /// retry of it, so the remote adds it at most once.
    /// </summary>
    Task<RemoteCreatedComment> AddCommentAsync(string externalTicketId, RemoteCommentCreate comment, Guid idempotencyKey, CancellationToken cancellationToken);

    /// <summary>A ticket's attachments (at most 100).</summary>
    Task<RemoteAttachmentList> GetAttachmentsAsync(string externalTicketId, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a file (at most <see cref="RemoteAttachmentUpload.MaxBytes"/>), streamed from
    /// <see cref="RemoteAttachmentUpload.Content"/> under the upload timeout. A seekable stream is
    /// rewound and sent again on a transient failure, with the same <paramref name="idempotencyKey"/>;
    /// a non-seekable one cannot be read twice, so it is sent once and a transient failure arrives as
    /// <see cref="RemoteUnavailableException"/>: the caller may open the file again and repeat the call
    /// with the same key, which the remote de-duplicates. 413 and 422 arrive as
    /// <see cref="RemoteRejectedException"/> saying why.
    /// </summary>
    Task<RemoteCreatedAttachment> UploadAttachmentAsync(string externalTicketId, RemoteAttachmentUpload upload, Guid idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// An attachment's bytes as a stream, with type, length and file name; the caller disposes it.
    /// <see cref="RemoteNotFoundException"/> when the remote has no such attachment.
    /// </summary>
    Task<RemoteAttachmentContent> GetAttachmentContentAsync(string attachmentId, CancellationToken cancellationToken);

    /// <summary>Everyone a ticket can be assigned to; <see cref="RemoteNotSupportedException"/> from a 1.0 remote.</summary>
    Task<RemoteAgentList> GetAgentsAsync(CancellationToken cancellationToken);
}
