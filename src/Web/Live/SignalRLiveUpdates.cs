using Microsoft.AspNetCore.SignalR;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Web.Live;

internal sealed class SignalRLiveUpdates(IHubContext<LiveHub> hub) : ILiveUpdates
{
    public Task TicketsChangedAsync(IReadOnlyList<TicketChangeNotice> changes, CancellationToken cancellationToken) =>
        changes.Count == 0
            ? Task.CompletedTask
            : hub.Clients.All.SendAsync(LiveHub.TicketsChanged, changes.Select(c => new { ticketId = c.TicketId, number = c.TicketNumber, text = c.Text }), cancellationToken);

    public Task NotificationsChangedAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        userIds.Count == 0
            ? Task.CompletedTask
            : hub.Clients.Users(userIds).SendAsync(LiveHub.NotificationsChanged, cancellationToken);
}
