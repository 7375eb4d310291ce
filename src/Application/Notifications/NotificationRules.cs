using Ticketing.Domain.Common;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Notifications;

/// <summary>
/// One recorded ticket event (<c>ticket_events</c>) with what the rules need to know about its ticket
/// and the local users it concerns.
/// </summary>
/// <param name="EventId">The event's id: events are told in its order.</param>
/// <param name="TicketId">The ticket's id in the mirror.</param>
/// <param name="Type">What happened.</param>
/// <param name="OldValue">A status change's old status, an assignment's old agent id.</param>
/// <param name="NewValue">The new status, the new agent id, or a new comment's remote id.</param>
/// <param name="ActorUserId">The user who made the change through this app, if one did.</param>
/// <param name="RecordedAt">When the mirror recorded it (this app's clock): the folding window counts from it.</param>
/// <param name="TicketNumber">The ticket's number, e.g. IT-004217.</param>
/// <param name="Title">The ticket's title now.</param>
/// <param name="TicketCreatedAt">When Championship IT created the ticket.</param>
/// <param name="StatusBefore">
/// The ticket's status just before the change (for a creation: the status it was first seen with). The
/// fields that changed in one version count as one change: a version that resolves and reassigns a
/// ticket has the status before it for both.
/// </param>
/// <param name="RequesterUserId">The local user whose e-mail is the ticket's requester's.</param>
/// <param name="AssigneeUserId">
/// The local user of the assignee: for a creation or an assignment, of the one this event assigned;
/// otherwise of the current one.
/// </param>
/// <param name="AssigneeName">For an assignment, the new assignee's name.</param>
/// <param name="Comment">For a new comment, the comment; null when it is not stored (anymore).</param>
/// <param name="Followers">The users who chose to follow the ticket.</param>
/// <param name="Muted">The users who chose to stop following it (its assignee or requester, say).</param>
public sealed record TicketEventContext(
    long EventId,
    Guid TicketId,
    TicketEventType Type,
    string? OldValue,
    string? NewValue,
    string? ActorUserId,
    DateTimeOffset RecordedAt,
    string TicketNumber,
    string Title,
    DateTimeOffset TicketCreatedAt,
    TicketStatus StatusBefore,
    string? RequesterUserId,
    string? AssigneeUserId,
    string? AssigneeName,
    EventComment? Comment,
    IReadOnlyList<string> Followers,
    IReadOnlyList<string> Muted);

/// <summary>A new comment as the rules see it; <see cref="AuthorUserId"/> is the local user with the author's e-mail.</summary>
public sealed record EventComment(string? AuthorName, string? AuthorUserId, CommentVisibility? Visibility, DateTimeOffset CreatedAt);

/// <summary>One change one user is to hear of.</summary>
public sealed record ReaderChange(string UserId, NotificationChange Change);

/// <summary>
/// Who hears of what.
/// <list type="bullet">
/// <item>Only news: an event is history — told to nobody — when it records a ticket or a comment that
/// Championship IT created before the mirror began watching (<c>watchingSince</c>: when it recorded its
/// first event), when the ticket was already resolved, closed or cancelled before the change (a change
/// that resolves, closes, cancels or reopens it is news), or when it is a deletion.</item>
/// <item>A creation is told to the assignee; an assignment to the new assignee (even one who muted the
/// ticket) and to the followers.</item>
/// <item>A status change is told to the requester, the assignee and the followers.</item>
/// <item>A comment to the assignee and the followers, and to the requester only when it is a public
/// reply: an internal note (or a comment whose visibility the remote did not say) never reaches them.</item>
/// <item>Nobody hears of their own change (the actor, or the author of a comment); whoever muted the
/// ticket hears nothing else of it.</item>
/// </list>
/// </summary>
public static class NotificationRules
{
    public static IReadOnlyList<ReaderChange> For(TicketEventContext e, DateTimeOffset? watchingSince)
    {
        if (!IsNews(e, watchingSince))
        {
            return [];
        }

        var actor = e.ActorUserId ?? e.Comment?.AuthorUserId;
        var muted = e.Muted.ToHashSet(StringComparer.Ordinal);
        var readers = new Dictionary<string, NotificationChange>(StringComparer.Ordinal);

        void Tell(string? userId, NotificationChange change, bool evenIfMuted = false)
        {
            if (userId is null || userId == actor || readers.ContainsKey(userId) || (!evenIfMuted && muted.Contains(userId)))
            {
                return;
            }

            readers[userId] = change;
        }

        switch (e.Type)
        {
            case TicketEventType.Created:
                Tell(e.AssigneeUserId, new NotificationChange(NotificationChangeKind.Created, e.EventId, e.NewValue, e.AssigneeName, ToReader: true), evenIfMuted: true);
                break;

            case TicketEventType.AssignmentChanged:
                Tell(e.AssigneeUserId, new NotificationChange(NotificationChangeKind.Assignee, e.EventId, e.NewValue, e.AssigneeName, ToReader: true), evenIfMuted: true);
                foreach (var follower in e.Followers)
                {
                    Tell(follower, new NotificationChange(NotificationChangeKind.Assignee, e.EventId, e.NewValue, e.AssigneeName));
                }

                break;

            case TicketEventType.StatusChanged:
                var status = new NotificationChange(NotificationChangeKind.Status, e.EventId, e.NewValue);
                Tell(e.RequesterUserId, status);
                Tell(e.AssigneeUserId, status);
                foreach (var follower in e.Followers)
                {
                    Tell(follower, status);
                }

                break;

            case TicketEventType.CommentAdded:
                var comment = new NotificationChange(NotificationChangeKind.Comment, e.EventId, Name: e.Comment!.AuthorName, Visibility: e.Comment.Visibility);
                var forRequester = e.Comment.Visibility == CommentVisibility.Public;
                Tell(e.AssigneeUserId, comment);
                foreach (var follower in e.Followers.Where(f => forRequester || f != e.RequesterUserId || f == e.AssigneeUserId))
                {
                    Tell(follower, comment);
                }

                if (forRequester)
                {
                    Tell(e.RequesterUserId, comment);
                }

                break;
        }

        return [.. readers.Select(r => new ReaderChange(r.Key, r.Value))];
    }

    /// <summary>Whether anyone is to hear of the event at all (see the class summary).</summary>
    public static bool IsNews(TicketEventContext e, DateTimeOffset? watchingSince) => e.Type switch
    {
        TicketEventType.Created => !Before(e.TicketCreatedAt, watchingSince) && e.StatusBefore.IsActive(),
        TicketEventType.StatusChanged => IsActive(e.OldValue) || IsActive(e.NewValue),
        TicketEventType.AssignmentChanged => e.StatusBefore.IsActive(),
        TicketEventType.CommentAdded => e.Comment is { } comment && !Before(comment.CreatedAt, watchingSince) && e.StatusBefore.IsActive(),
        _ => false,
    };

    private static bool Before(DateTimeOffset at, DateTimeOffset? watchingSince) => watchingSince is { } since && at < since;

    private static bool IsActive(string? wireName) => WireName<TicketStatus>.TryParse(wireName, out var status) && status.IsActive();
}
