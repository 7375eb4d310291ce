using Mediator;
using Ticketing.Application.Notifications.Queries.GetUnreadCount;

namespace Ticketing.Web.Endpoints;

/// <summary><c>GET /notifications/unread-count</c>: the header badge's number, for live updates.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications/unread-count", async (ISender sender, CancellationToken ct) =>
                Results.Json(new { unread = (await sender.Send(new GetUnreadCountQuery(), ct)).Value }))
            .RequireAuthorization();
        return app;
    }
}
