using Mediator;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Application.Notifications.Queries.GetUnreadCount;

namespace Ticketing.Web.ViewComponents;

/// <summary>The header's link to the inbox with the unread count.</summary>
public sealed class NotificationBadgeViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View((await sender.Send(new GetUnreadCountQuery(), HttpContext.RequestAborted)).Value);
}
