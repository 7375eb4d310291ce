using Mediator;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Application.Notifications.Queries.GetFollowState;

namespace Ticketing.Web.ViewComponents;

/// <summary>The ticket page's "Follow" toggle (<c>Pages/Tickets/_FollowToggle.cshtml</c>) for the signed-in user.</summary>
public sealed class FollowToggleViewComponent(ISender sender) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid ticketId) =>
        View("~/Pages/Tickets/_FollowToggle.cshtml", await sender.Send(new GetFollowStateQuery(ticketId), HttpContext.RequestAborted));
}
