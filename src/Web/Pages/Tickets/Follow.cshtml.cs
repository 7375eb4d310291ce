using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Notifications.Commands.FollowTicket;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The "Follow" toggle posts here (<c>_FollowToggle</c>): the signed-in user follows the ticket or
/// stops, and is back on the ticket with a word about it. A GET changes nothing.
/// </summary>
public sealed class FollowModel(ISender sender) : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectToPage("/Tickets/Details", new { id });

    public async Task<IActionResult> OnPostAsync(Guid id, bool follow, CancellationToken cancellationToken)
    {
        var state = await sender.Send(new FollowTicketCommand(id, follow), cancellationToken);
        TempData[StatusMessage.Key] = state switch
        {
            { Following: true } => "You follow this ticket: its changes reach your notifications.",
            { Muted: true } => "You no longer follow this ticket: only a new assignment to you will still be told.",
            _ => "You no longer follow this ticket.",
        };
        return RedirectToPage("/Tickets/Details", new { id });
    }
}
