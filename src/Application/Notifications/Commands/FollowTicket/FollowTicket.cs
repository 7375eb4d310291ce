using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Notifications.Commands.FollowTicket;

/// <summary>
/// The signed-in user follows a ticket (gets its notifications) or stops. Any user may follow any
/// ticket; the assignee and the requester follow without asking, and stopping mutes it for them (an
/// assignment to them is still told).
/// </summary>
public sealed record FollowTicketCommand(Guid TicketId, bool Follow) : ICommand<FollowState>;

public sealed class FollowTicketHandler(ITicketFollowers followers, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<FollowTicketCommand, FollowState>
{
    public async ValueTask<FollowState> Handle(FollowTicketCommand command, CancellationToken cancellationToken) =>
        await followers.SetAsync(command.TicketId, user.UserId ?? throw new ForbiddenAccessException(), command.Follow, clock.GetUtcNow(), cancellationToken)
        ?? throw new NotFoundException("ticket", command.TicketId);
}
