namespace Ticketing.Application.Common.Interfaces;

/// <summary>Tells open pages that tickets or a user's notifications changed (SignalR in the web app).</summary>
public interface ILiveUpdates
{
    Task TicketsChangedAsync(IReadOnlyList<TicketChangeNotice> changes, CancellationToken cancellationToken);

    Task NotificationsChangedAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);
}

/// <summary>"IT-004217 is now resolved".</summary>
public sealed record TicketChangeNotice(Guid TicketId, string TicketNumber, string Text);
