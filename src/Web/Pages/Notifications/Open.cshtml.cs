using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Notifications.Commands.MarkNotificationRead;

namespace Ticketing.Web.Pages.Notifications;

/// <summary>
/// Opens a notification: the inbox posts here, which marks it read and goes to its ticket (or back
/// to the inbox when it has none); another user's notification is a 404. A GET changes nothing, as
/// link prefetchers and previews follow links too: a kept address just leads to the inbox.
/// </summary>
public sealed class OpenModel(ISender sender) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Notifications/Index");

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var opened = await sender.Send(new MarkNotificationReadCommand(id), cancellationToken);
        return opened.TicketId is { } ticketId
            ? RedirectToPage("/Tickets/Details", new { id = ticketId })
            : RedirectToPage("/Notifications/Index");
    }
}
