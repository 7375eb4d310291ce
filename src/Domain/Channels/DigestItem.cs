using Ticketing.Domain.Notifications;

namespace Ticketing.Domain.Channels;

/// <summary>
/// A notification waiting for its user's daily digest (<c>email_digest_items</c>). <see cref="DueAt"/> is
/// the digest it belongs to (the user's digest hour, in their zone, after it happened); the items of one
/// user with one <see cref="DueAt"/> make one e-mail.
/// </summary>
public sealed class DigestItem
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public Guid NotificationId { get; set; }

    public Guid? TicketId { get; set; }

    public string? TicketNumber { get; set; }

    public NotificationType NotificationType { get; set; }

    public required string Title { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>Set when its digest was queued (in the same transaction).</summary>
    public DateTimeOffset? DigestedAt { get; set; }
}
