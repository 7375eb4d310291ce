using Ticketing.Application.Notifications;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The ticket events that syncs, webhooks and this app's writes record (<c>ticket_events</c>), for the
/// consumer that turns them into notifications. One claim at a time across all app instances, so
/// events are handled in order and a notification is folded by one of them at a time.
/// </summary>
public interface ITicketEventFeed
{
    /// <summary>
    /// Claims the oldest unhandled events, at most <paramref name="limit"/>, in a transaction that stays
    /// open until the claim is completed (or disposed: then nothing of it counts, and the events wait for
    /// the next claim).
    /// </summary>
    Task<ITicketEventClaim> ClaimAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>Claimed events; their notifications and their being handled are stored together, once.</summary>
public interface ITicketEventClaim : IAsyncDisposable
{
    IReadOnlyList<TicketEventContext> Events { get; }

    /// <summary>When the mirror recorded its first event (null: none yet): what was created before it is history.</summary>
    DateTimeOffset? WatchingSince { get; }

    /// <summary>
    /// The unread ticket notifications of these tickets and readers that still take changes at
    /// <paramref name="at"/> or later, locked until the claim completes.
    /// </summary>
    Task<IReadOnlyList<OpenNotification>> GetOpenNotificationsAsync(
        IReadOnlyCollection<(Guid TicketId, string UserId)> readers,
        DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>Inserts and updates the notifications, marks the events handled and commits.</summary>
    Task CompleteAsync(IReadOnlyList<NotificationWrite> writes, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>An unread ticket notification that still folds changes in until <see cref="FoldUntil"/>.</summary>
public sealed record OpenNotification(Guid Id, Guid TicketId, string UserId, DateTimeOffset FoldUntil, IReadOnlyList<NotificationChange> Changes);

/// <summary>
/// A ticket notification to store: a new one (<see cref="ExistingId"/> null, inserted once per
/// <see cref="DedupeKey"/>) or an open one with more changes.
/// </summary>
public sealed record NotificationWrite(
    Guid? ExistingId,
    Guid TicketId,
    string UserId,
    NotificationType Type,
    string Title,
    string Message,
    IReadOnlyList<NotificationChange> Changes,
    DateTimeOffset FoldUntil,
    string DedupeKey);
