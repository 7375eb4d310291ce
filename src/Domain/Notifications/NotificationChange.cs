using Ticketing.Domain.Tickets;

namespace Ticketing.Domain.Notifications;

/// <summary>What kind of change a notification tells of.</summary>
public enum NotificationChangeKind
{
    /// <summary>A ticket the mirror saw being created (not one it discovered), assigned to the reader.</summary>
    Created = 0,
    Status = 1,
    Assignee = 2,
    Comment = 3,
}

/// <summary>
/// One change a ticket notification tells of, as data: the inbox, and later e-mail and chat, render
/// it in the reader's words. Several changes to one ticket within <see cref="NotificationFold.Window"/>
/// fold into one notification, so a notification holds a list of these.
/// </summary>
/// <param name="Kind">What changed.</param>
/// <param name="EventId">The <c>ticket_events</c> row it came from; orders the changes.</param>
/// <param name="Value">The new status (wire name) or the new assignee's agent id (null: unassigned).</param>
/// <param name="Name">The new assignee's name, or the comment's author.</param>
/// <param name="ToReader">The ticket was assigned to the notification's reader.</param>
/// <param name="Visibility">A comment's visibility; null when the remote did not say.</param>
public sealed record NotificationChange(
    NotificationChangeKind Kind,
    long EventId,
    string? Value = null,
    string? Name = null,
    bool ToReader = false,
    CommentVisibility? Visibility = null);
