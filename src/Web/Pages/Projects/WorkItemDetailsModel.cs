using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UnlinkTicket;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Projects;

/// <summary>
/// What a project's and an assignment's page share: the work item's linked tickets, "Link a
/// ticket" by number and "Unlink" (rendered by <c>_LinkedTicketsSection</c>). Each page loads its
/// own details and says which kind of work item it shows.
/// </summary>
public abstract class WorkItemDetailsModel(ISender sender, WorkItemKind kind) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public LinkTicketCommand Input { get; set; } = new(kind, null, null, null);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public IReadOnlyList<LinkedTicket> LinkedTickets { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => RepopulateAsync(cancellationToken);

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        // This page links to its own work item only, whatever the form says.
        Input = Input with { Kind = kind, WorkItemId = Id };
        var link = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Linked {link.TicketNumber}.";
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        await sender.Send(new UnlinkTicketCommand(kind, linkId), cancellationToken);
        TempData[StatusMessage.Key] = "Ticket unlinked.";
        return RedirectToPage(new { id = Id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        LinkedTickets = await LoadAsync(sender, Id, cancellationToken);

    /// <summary>Loads the page's details (an unknown id is not found) and answers their linked tickets.</summary>
    protected abstract Task<IReadOnlyList<LinkedTicket>> LoadAsync(ISender mediator, Guid id, CancellationToken cancellationToken);
}
