using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync.Commands.RefreshStaleTickets;

/// <summary>
/// Daily: re-reads tickets not synced for a day, one by one (a backstop for anything a sync or
/// webhook missed); a ticket the remote no longer has is marked deleted.
/// </summary>
public sealed record RefreshStaleTicketsCommand(int Limit = 1000) : ICommand<int>;

public sealed class RefreshStaleTicketsHandler(ITicketingApi remote, ITicketRepository tickets, TimeProvider clock, ILogger<RefreshStaleTicketsHandler> logger)
    : ICommandHandler<RefreshStaleTicketsCommand, int>
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    public async ValueTask<int> Handle(RefreshStaleTicketsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = await tickets.GetStaleExternalIdsAsync(now - StaleAfter, command.Limit, cancellationToken);
        var refreshed = 0;
        foreach (var externalId in stale)
        {
            try
            {
                var result = await remote.GetTicketAsync(externalId, cancellationToken);
                await tickets.UpsertManyAsync([result.Ticket], ChangeSource.Sync, clock.GetUtcNow(), touchUnchanged: true, cancellationToken);
            }
            catch (RemoteNotFoundException)
            {
                await tickets.MarkDeletedAsync([externalId], ChangeSource.Sync, clock.GetUtcNow(), cancellationToken);
            }

            refreshed++;
        }

        logger.LogInformation("Refreshed {Count} tickets not synced since {Since}", refreshed, now - StaleAfter);
        return refreshed;
    }
}
