using System.Text.Json.Serialization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Webhooks;

/// <summary>The body every webhook carries: <c>{ "type", "timestamp", "data" }</c>.</summary>
public sealed record WebhookEnvelope<TData>(string Type, DateTime Timestamp, TData Data);

/// <summary>data for created and updated; comment_added adds the comment, attachment_added the attachment.</summary>
public sealed record TicketEventData(
    Ticket Ticket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CommentPayload? Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AttachmentPayload? Attachment = null);

/// <summary>data for deleted: only the id survives.</summary>
public sealed record DeletedTicketData(DeletedTicket Ticket);

public sealed record DeletedTicket(string Id);

/// <summary>The contract's comment object.</summary>
public sealed record CommentPayload(
    string Id,
    string TicketId,
    string? AuthorName,
    string? AuthorEmail,
    string Body,
    string Visibility,
    DateTime CreatedAt)
{
    public static CommentPayload From(TicketComment comment) => new(
        comment.Id,
        comment.TicketId,
        comment.AuthorName,
        comment.AuthorEmail,
        comment.Body,
        comment.Visibility.ToWire(),
        comment.CreatedAt);
}

/// <summary>The contract's attachment object (the bytes are fetched separately).</summary>
public sealed record AttachmentPayload(
    string Id,
    string TicketId,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string? UploadedByName,
    DateTime CreatedAt)
{
    public static AttachmentPayload From(TicketAttachment attachment) => new(
        attachment.Id,
        attachment.TicketId,
        attachment.FileName,
        attachment.ContentType,
        attachment.SizeBytes,
        attachment.Sha256,
        attachment.UploadedByName,
        attachment.CreatedAt);
}
