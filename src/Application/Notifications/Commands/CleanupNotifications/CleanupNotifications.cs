using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Commands.CleanupNotifications;

/// <summary>Daily: read notifications older than 90 days are removed.</summary>
public sealed record CleanupNotificationsCommand : ICommand<int>;

public sealed class CleanupNotificationsHandler(INotificationRepository notifications, TimeProvider clock)
    : ICommandHandler<CleanupNotificationsCommand, int>
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public async ValueTask<int> Handle(CleanupNotificationsCommand command, CancellationToken cancellationToken) =>
        await notifications.DeleteReadOlderThanAsync(clock.GetUtcNow() - Retention, cancellationToken);
}
