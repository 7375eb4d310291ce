using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Phi.Commands.BreakGlass;
using Ticketing.Application.Phi.Queries.GetTicketPhiAccess;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// A ticket that holds protected health information, as a reader without the PHI permission sees it:
/// number, status, priority, assignee and dates, and "break the glass" (a reason opens it for 30 minutes,
/// audited). A reader who may see it whole goes on to the ticket page.
/// </summary>
public sealed class RestrictedModel(ISender sender) : PageModel
{
    public RestrictedTicket Ticket { get; private set; } = null!;

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Ticket = await sender.Send(new GetTicketPhiAccessQuery(id), cancellationToken);
        return Ticket.Access.Allowed ? RedirectToPage("/Tickets/Details", new { id }) : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await sender.Send(new BreakGlassCommand(id, Reason), cancellationToken);
            TempData[StatusMessage.Key] = $"Break-glass access: you may read this ticket for {(int)Application.Phi.PhiAccess.BreakGlassDuration.TotalMinutes} minutes. Your reason is in the audit log, where admins review it.";
            return RedirectToPage("/Tickets/Details", new { id });
        }
        catch (ValidationException validation)
        {
            foreach (var message in validation.Errors.SelectMany(e => e.Value))
            {
                ModelState.AddModelError(nameof(Reason), message);
            }

            Ticket = await sender.Send(new GetTicketPhiAccessQuery(id), cancellationToken);
            return Page();
        }
    }
}
