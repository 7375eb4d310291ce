using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Notifications.Commands.MarkNotificationRead;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>Opening a notification marks it read and goes to its ticket; another user's id is a 404.</summary>
public sealed class OpenModel(ISender sender) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var opened = await sender.Send(new MarkNotificationReadCommand(id), cancellationToken);
        return opened.TicketId is { } ticketId ? Redirect($"/Tickets/Details/{ticketId}") : Redirect("/Notifications");
    }
}
