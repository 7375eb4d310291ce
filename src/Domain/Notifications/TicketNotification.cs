namespace Ticketing.Domain.Notifications;

/// <summary>One notification in one user's inbox (<c>ticket_notifications</c>).</summary>
public sealed class TicketNotification
{
    public Guid Id { get; set; }
    /// <summary>The ticket it is about; null for a queued create the remote rejected (no ticket exists).</summary>
    public Guid? TicketId { get; set; }
    public required string UserId { get; set; }
    public NotificationType NotificationType { get; set; }
    public required string Title { get; set; }
    public required string Message { get; set; }
    public bool IsRead { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Makes a notification unique where it must be raised once, e.g. one SLA breach per ticket,
    /// due date and user; null where repeats are meaningful.
    /// </summary>
    public string? DedupeKey { get; set; }

    /// <summary>
    /// The changes a ticket notification tells of (<see cref="NotificationFold.FromJson"/>), as a JSON
    /// array; null for the other kinds. The title is written from them when they change.
    /// </summary>
    public string? ChangesJson { get; set; }

    /// <summary>An SLA breach: the due date that passed, formatted in each reader's zone when shown.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>
    /// Until when further changes to the ticket fold into this notification (while it is unread); null
    /// when it never takes any. After it, the notification no longer changes: a channel that sends it
    /// on (e-mail, chat) waits for this moment.
    /// </summary>
    public DateTimeOffset? FoldUntil { get; set; }

    /// <summary>
    /// How many times later changes were folded in (0 as first written). The channels send a folded
    /// notification on again under this version, so a fold is never lost and no version is sent twice.
    /// </summary>
    public int FoldVersion { get; set; }

    public void MarkRead(DateTimeOffset now)
    {
        if (IsRead)
        {
            return;
        }

        IsRead = true;
        ReadAt = now;
    }
}
