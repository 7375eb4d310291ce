using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The notification inbox. Every read and write is scoped to one user: another user's notification
/// is indistinguishable from one that does not exist.
/// </summary>
public interface INotificationRepository
{
    Task<InboxPage> GetInboxAsync(string userId, bool unreadOnly, NotificationType? type, int page, int size, CancellationToken cancellationToken);

    Task<int> CountUnreadAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Marks one of the user's notifications read; what it is about, or null when the user has no such notification.</summary>
    Task<OpenedNotification?> MarkReadAsync(string userId, Guid notificationId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<int> MarkAllReadAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds one notification, once per <see cref="DirectNotification.DedupeKey"/>.</summary>
    Task AddAsync(DirectNotification notification, CancellationToken cancellationToken);

    Task<int> DeleteReadOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Raises <c>sla_breach</c> for live, unresolved tickets whose due date passed within
    /// <paramref name="lookback"/>: to the assignee's user (matched as for every notification: the
    /// admin's explicit assignee id, else the agent's e-mail) and every admin, once per ticket, due
    /// date and user. The due date is stored as a time, shown in each reader's zone. Returns the users
    /// who got one.
    /// </summary>
    Task<IReadOnlyList<string>> RaiseSlaBreachesAsync(DateTimeOffset now, TimeSpan lookback, CancellationToken cancellationToken);
}

/// <summary>A notification just opened: its ticket, or none (a rejected queued create).</summary>
public sealed record OpenedNotification(Guid? TicketId);

/// <summary>A notification of the user's own making, e.g. about a queued write Championship IT refused.</summary>
public sealed record DirectNotification(string UserId, Guid? TicketId, NotificationType Type, string Title, string Message, string DedupeKey);

/// <summary>
/// One notification as the inbox shows it. <see cref="Changes"/>: what a ticket notification tells of
/// (its title sums them up); <see cref="DueAt"/>: an SLA breach's due date, to be shown in the reader's zone.
/// </summary>
public sealed record InboxItem(
    Guid Id,
    Guid? TicketId,
    string? TicketNumber,
    NotificationType Type,
    string Title,
    string Message,
    bool IsRead,
    DateTimeOffset CreatedAt,
    IReadOnlyList<NotificationChange> Changes,
    DateTimeOffset? DueAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Page, int Size, int Total, int Unread)
{
    public int TotalPages => Math.Max(1, (Total + Size - 1) / Size);
}
