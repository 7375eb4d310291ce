using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Notifications.Queries.GetFollowState;

/// <summary>Whether the signed-in user gets a ticket's notifications, and why.</summary>
public sealed record GetFollowStateQuery(Guid TicketId) : IQuery<FollowState>;

public sealed class GetFollowStateHandler(ITicketFollowers followers, ICurrentUser user) : IQueryHandler<GetFollowStateQuery, FollowState>
{
    public async ValueTask<FollowState> Handle(GetFollowStateQuery query, CancellationToken cancellationToken) =>
        await followers.GetAsync(query.TicketId, user.UserId ?? throw new ForbiddenAccessException(), cancellationToken)
        ?? throw new NotFoundException("ticket", query.TicketId);
}
