namespace Ticketing.Domain.Tickets;

/// <summary>Where a change to the cache came from.</summary>
public enum ChangeSource
{
    Sync = 0,
    Webhook = 1,
    App = 2,
}

/// <summary>What happened to a ticket, as later features (notifications, live updates) consume it.</summary>
public enum TicketEventType
{
    Created = 0,
    StatusChanged = 1,
    AssignmentChanged = 2,
    CommentAdded = 3,
    Deleted = 4,

    /// <summary>
    /// Any other change to a stored ticket (priority, title, category, department, due date, description, tags…):
    /// open pages refresh; nobody is notified. Recorded only when the same change has no status or assignment event.
    /// </summary>
    Updated = 5,
}

/// <summary>One field of a ticket that changed (<c>ticket_history</c>), for the detail page's timeline.</summary>
public sealed class TicketHistoryEntry
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }

    /// <summary>When the change happened at the remote (its <c>updated_at</c>).</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>When the cache recorded it.</summary>
    public DateTimeOffset RecordedAt { get; set; }
    public ChangeSource Source { get; set; }
}

/// <summary>
/// An event recorded with a change, in the same transaction (<c>ticket_events</c>), so consumers
/// such as notifications see every change exactly once.
/// </summary>
public sealed class TicketEvent
{
    public long Id { get; set; }
    public Guid TicketId { get; set; }
    public TicketEventType EventType { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public ChangeSource Source { get; set; }

    /// <summary>The dashboard user who made the change through this app, if any (no one is notified of their own changes).</summary>
    public string? ActorUserId { get; set; }

    /// <summary>Set when the consumers have handled it.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>
/// A comment of a remote ticket (<c>ticket_comments</c>), stored once by its remote id whether a
/// webhook or a sync brought it.
/// </summary>
public sealed class TicketComment
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public required string ExternalCommentId { get; set; }
    public string? AuthorName { get; set; }

    /// <summary>Null when the source did not say (a 1.0 remote, or a message that did not carry it).</summary>
    public string? AuthorEmail { get; set; }

    public required string Body { get; set; }

    /// <summary>Null when the source did not say; a later source that does fills it in.</summary>
    public CommentVisibility? Visibility { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The remote deleted a ticket (<c>ticket_tombstones</c>), which this cache may not hold yet: a late or
/// reordered "created" or "updated" message for it must not bring it back. Only a sync (or a single
/// read of the ticket) that finds a version stamped later than <see cref="DeletedAt"/> revives it.
/// </summary>
public sealed class TicketTombstone
{
    public required string ExternalTicketId { get; set; }
    public DateTimeOffset DeletedAt { get; set; }
}
