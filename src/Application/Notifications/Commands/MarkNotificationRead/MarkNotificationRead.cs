using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Commands.MarkNotificationRead;

/// <summary>Marks one of the signed-in user's notifications read and answers its ticket; anyone else's is "not found".</summary>
public sealed record MarkNotificationReadCommand(Guid NotificationId) : ICommand<OpenedNotification>;

public sealed class MarkNotificationReadHandler(INotificationRepository notifications, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<MarkNotificationReadCommand, OpenedNotification>
{
    public async ValueTask<OpenedNotification> Handle(MarkNotificationReadCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        return await notifications.MarkReadAsync(userId, command.NotificationId, clock.GetUtcNow(), cancellationToken)
            ?? throw new NotFoundException("Notification", command.NotificationId);
    }
}
