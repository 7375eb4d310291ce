using System.Text.Json;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Webhooks;

internal enum WebhookChangeKind
{
    Upsert = 0,
    Delete = 1,
    Comment = 2,

    /// <summary>A type this app does not apply: done, with nothing to do.</summary>
    Ignored = 3,

    /// <summary>The message cannot be applied (<see cref="WebhookChange.Error"/> says why).</summary>
    Invalid = 4,

    /// <summary><c>ticket.attachment_added</c>: the ticket's version and the attachment's metadata.</summary>
    Attachment = 5,
}

/// <summary>What one stored webhook message asks of the cache, read from its body.</summary>
internal sealed class WebhookChange
{
    private WebhookChange(
        WebhookChangeKind kind,
        string? ticketId,
        Ticket? ticket = null,
        TicketComment? comment = null,
        TicketAttachment? attachment = null,
        DateTimeOffset? eventTime = null,
        string? error = null)
    {
        Kind = kind;
        TicketId = ticketId;
        Ticket = ticket;
        Comment = comment;
        Attachment = attachment;
        EventTime = eventTime;
        Error = error;
    }

    public WebhookChangeKind Kind { get; private set; }

    public string? TicketId { get; }

    public Ticket? Ticket { get; }

    public TicketComment? Comment { get; }

    public TicketAttachment? Attachment { get; }

    /// <summary>The body's <c>timestamp</c>: when the change happened at the remote (null when the body did not say).</summary>
    public DateTimeOffset? EventTime { get; }

    public string? Error { get; private set; }

    /// <summary>Whether the message carries a ticket version to store (first, since a comment or attachment needs its ticket).</summary>
    public bool CarriesTicket => Kind is WebhookChangeKind.Upsert or WebhookChangeKind.Comment or WebhookChangeKind.Attachment;

    /// <summary>
    /// Reads a stored body; never throws on its content. The ticket object is read by
    /// <paramref name="tickets"/>, as the sync reads it from the remote's pages.
    /// </summary>
    public static WebhookChange Read(string body, IRemoteTicketReader tickets)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Invalid(null, "The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!WebhookEnvelope.TryReadType(root, out var type))
            {
                return Invalid(null, "The body has no string \"type\".");
            }

            if (!WebhookEventTypes.IsKnown(type))
            {
                return new WebhookChange(WebhookChangeKind.Ignored, null);
            }

            if (!WebhookEnvelope.TryReadTicket(root, out var ticketElement, out var ticketId))
            {
                return Invalid(null, "data.ticket.id is missing.");
            }

            if (type == WebhookEventTypes.Deleted)
            {
                return ticketId.Length <= WebhookEnvelope.MaxTicketIdLength
                    ? new WebhookChange(WebhookChangeKind.Delete, ticketId, eventTime: WebhookObjects.ReadEventTime(root))
                    : Invalid(null, $"data.ticket.id is longer than {WebhookEnvelope.MaxTicketIdLength} characters.");
            }

            if (!tickets.TryRead(ticketElement, out var ticket, out var error))
            {
                return Invalid(ticketId, error.Reason);
            }

            var data = root.GetProperty("data");
            string problem;
            switch (type)
            {
                case WebhookEventTypes.CommentAdded:
                    return WebhookObjects.TryReadComment(data, out var comment, out problem)
                        ? new WebhookChange(WebhookChangeKind.Comment, ticket.ExternalTicketId, ticket, comment: comment)
                        : Invalid(ticketId, problem);
                case WebhookEventTypes.AttachmentAdded:
                    return WebhookObjects.TryReadAttachment(data, out var attachment, out problem)
                        ? new WebhookChange(WebhookChangeKind.Attachment, ticket.ExternalTicketId, ticket, attachment: attachment)
                        : Invalid(ticketId, problem);
                default:
                    return new WebhookChange(WebhookChangeKind.Upsert, ticket.ExternalTicketId, ticket);
            }
        }
    }

    /// <summary>Turns a change that could not be stored into a failed one.</summary>
    public void Fail(string error)
    {
        Kind = WebhookChangeKind.Invalid;
        Error = error;
    }

    private static WebhookChange Invalid(string? ticketId, string error) =>
        new(WebhookChangeKind.Invalid, ticketId, error: error);
}
