using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Queries.GetUnreadCount;

/// <summary>The header badge: how many of the signed-in user's notifications are unread.</summary>
public sealed record GetUnreadCountQuery : IQuery<int>;

public sealed class GetUnreadCountHandler(INotificationRepository notifications, ICurrentUser user) : IQueryHandler<GetUnreadCountQuery, int>
{
    public async ValueTask<int> Handle(GetUnreadCountQuery query, CancellationToken cancellationToken) =>
        user.UserId is { } id ? await notifications.CountUnreadAsync(id, cancellationToken) : 0;
}
