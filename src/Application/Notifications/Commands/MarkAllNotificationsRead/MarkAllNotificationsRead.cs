using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Commands.MarkAllNotificationsRead;

/// <summary>Marks every notification of the signed-in user read; answers how many it marked.</summary>
public sealed record MarkAllNotificationsReadCommand : ICommand<int>;

public sealed class MarkAllNotificationsReadHandler(INotificationRepository notifications, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<MarkAllNotificationsReadCommand, int>
{
    public async ValueTask<int> Handle(MarkAllNotificationsReadCommand command, CancellationToken cancellationToken) =>
        await notifications.MarkAllReadAsync(user.UserId ?? throw new ForbiddenAccessException(), clock.GetUtcNow(), cancellationToken);
}
