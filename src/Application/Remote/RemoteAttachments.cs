using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>The contract's attachment object.</summary>
public sealed record RemoteAttachment(
    string Id,
    string ExternalTicketId,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string? UploadedByName,
    DateTimeOffset CreatedAt)
{
    /// <summary>The mirror's copy of this metadata (<see cref="Common.Interfaces.ITicketAttachmentRepository"/>).</summary>
    public TicketAttachment ToMirror() => new()
    {
        ExternalAttachmentId = Id,
        FileName = FileName,
        ContentType = ContentType,
        SizeBytes = SizeBytes,
        Sha256 = string.IsNullOrEmpty(Sha256) ? null : Sha256,
        UploadedByName = UploadedByName,
        CreatedAt = CreatedAt,
    };
}

/// <summary>A ticket's attachments (<c>GET /tickets/{id}/attachments</c>, at most 100, no paging).</summary>
public sealed record RemoteAttachmentList(
    IReadOnlyList<RemoteAttachment> Attachments,
    IReadOnlyList<RemoteRecordError> Errors,
    int Retries);

/// <summary>
/// A file to upload, read from <see cref="Content"/> while it is sent, never held whole in memory.
/// A seekable stream is rewound for a retry; a non-seekable one is sent once (see
/// <see cref="Common.Interfaces.ITicketingApi.UploadAttachmentAsync"/>). The caller owns the stream.
/// </summary>
public sealed record RemoteAttachmentUpload(Stream Content, string FileName, string ContentType, string? UploadedByName = null)
{
    /// <summary>The contract's limit; the remote answers 413 above it.</summary>
    public const long MaxBytes = 25L * 1024 * 1024;
}

/// <summary>The attachment stored (or, for a repeated Idempotency-Key, the one stored the first time).</summary>
public sealed record RemoteCreatedAttachment(RemoteAttachment Attachment, bool IsReplay, int Retries);

/// <summary>
/// The bytes of an attachment as they arrive from the remote (<c>GET /attachments/{id}/content</c>),
/// with what its headers said. Holds the HTTP response open: the caller reads <see cref="Content"/>
/// and disposes this.
/// </summary>
public sealed class RemoteAttachmentContent(Stream content, string contentType, long? length, string? fileName, IDisposable response)
    : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public string ContentType { get; } = contentType;

    /// <summary>The <c>Content-Length</c>, when the remote sent one.</summary>
    public long? Length { get; } = length;

    /// <summary>The file name of <c>Content-Disposition</c> (<c>filename*</c> preferred), when sent.</summary>
    public string? FileName { get; } = fileName;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }
}
