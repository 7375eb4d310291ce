namespace Ticketing.Domain.Channels;

public enum EmailKind
{
    /// <summary>One notification, sent as it happens.</summary>
    Notification = 0,

    /// <summary>A day's notifications in one e-mail.</summary>
    Digest = 1,

    /// <summary>An admin's "send test e-mail".</summary>
    Test = 2,

    /// <summary>A scheduled analytics report, its PDF attached.</summary>
    Report = 3,
}

/// <summary>
/// One e-mail in the outgoing queue (<c>email_messages</c>), rendered when it was queued, so every
/// attempt sends the same bytes with the same <see cref="MessageId"/>. <see cref="DedupeKey"/> is unique:
/// a notification is queued at most once per recipient.
/// </summary>
public sealed class OutboundEmail
{
    public long Id { get; set; }

    /// <summary><c>n:{notification id}</c>, <c>digest:{user}:{time}</c>, <c>report:{subscription}:{time}:{user}</c> or <c>test:{guid}</c>.</summary>
    public required string DedupeKey { get; set; }

    public EmailKind Kind { get; set; }

    public string? UserId { get; set; }

    public required string ToAddress { get; set; }

    public string? ToName { get; set; }

    public Guid? TicketId { get; set; }

    public Guid? NotificationId { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>Without angle brackets, e.g. <c>n.…@ticketing.local</c>.</summary>
    public required string MessageId { get; set; }

    /// <summary>The ticket's thread root, so a mail client groups a ticket's e-mails.</summary>
    public string? InReplyTo { get; set; }

    public string? References { get; set; }

    /// <summary>The token in the reply address (<c>it+{token}@…</c>) that leads a reply back to the ticket and recipient.</summary>
    public string? ReplyToken { get; set; }

    public string? UnsubscribeUrl { get; set; }

    /// <summary>One attached file (a scheduled report's PDF), stored with the e-mail so every attempt sends the same bytes.</summary>
    public string? AttachmentName { get; set; }

    public string? AttachmentContentType { get; set; }

    public byte[]? Attachment { get; set; }

    public DeliveryState State { get; set; } = DeliveryState.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
