using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Who follows which ticket (<c>ticket_followers</c>). A user is the assignee of a ticket when its
/// assignee is their agent (the admin's explicit assignee id, else the agent with their e-mail) and its
/// requester when the ticket's requester e-mail is theirs — the same matching the notifications use.
/// </summary>
public interface ITicketFollowers
{
    /// <summary>The user's relation to a live ticket; null when there is no such ticket (or user).</summary>
    Task<FollowState?> GetAsync(Guid ticketId, string userId, CancellationToken cancellationToken);

    /// <summary>Records the user's choice to follow (or stop following) a live ticket; the state after it, or null when there is no such ticket.</summary>
    Task<FollowState?> SetAsync(Guid ticketId, string userId, bool following, DateTimeOffset at, CancellationToken cancellationToken);
}
