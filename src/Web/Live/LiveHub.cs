using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Ticketing.Web.Live;

/// <summary>
/// Pushes "tickets changed" to every signed-in page and "your notifications changed" to one user's
/// pages (SignalR addresses users by their Identity id). Clients only listen; they send nothing.
/// </summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";
    public const string TicketsChanged = "ticketsChanged";
    public const string NotificationsChanged = "notificationsChanged";
}
