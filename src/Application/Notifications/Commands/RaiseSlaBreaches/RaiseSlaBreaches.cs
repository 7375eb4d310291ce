using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Notifications.Commands.RaiseSlaBreaches;

/// <summary>
/// Every minute: a ticket that missed a target of its SLA policy raises <c>sla_breach</c> once per target and spell (a
/// ticket no policy covers: once when it passes its due date at Championship IT unresolved).
/// </summary>
public sealed record RaiseSlaBreachesCommand : ICommand<int>;

public sealed class RaiseSlaBreachesHandler(INotificationRepository notifications, ILiveUpdates live, TimeProvider clock)
    : ICommandHandler<RaiseSlaBreachesCommand, int>
{
    /// <summary>How far back a passed due date still raises a breach (covers downtime of the job).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(2);

    public async ValueTask<int> Handle(RaiseSlaBreachesCommand command, CancellationToken cancellationToken)
    {
        var users = await notifications.RaiseSlaBreachesAsync(clock.GetUtcNow(), Lookback, cancellationToken);
        if (users.Count > 0)
        {
            await live.NotificationsChangedAsync([.. users.Distinct()], cancellationToken);
        }

        return users.Count;
    }
}
