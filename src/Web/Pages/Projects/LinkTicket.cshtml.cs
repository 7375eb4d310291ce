using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UnlinkTicket;
using Ticketing.Application.Projects.Queries.GetTicketWorkLinks;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Projects;

/// <summary>
/// Links and unlinks one ticket from the ticket's side. The ticket's page posts its small forms
/// here (its own form belongs to the ticket), and comes back to the ticket; a refused link is
/// shown here, with the reason, to correct and try again.
/// </summary>
public sealed class LinkTicketModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public LinkTicketCommand Input { get; set; } = new(WorkItemKind.Project, null, null, null);

    [BindProperty(SupportsGet = true)]
    public Guid TicketId { get; set; }

    public TicketWorkLinks Links { get; private set; } = null!;

    public async Task OnGetAsync(WorkItemKind kind, CancellationToken cancellationToken)
    {
        await RepopulateAsync(cancellationToken);
        Input = Input with { Kind = kind, TicketNumber = Links.Ticket.TicketNumber };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Linked to the {WorkItemNames.Of(Input.Kind)}.";
        return RedirectToPage("/Tickets/Details", new { id = result.TicketId });
    }

    public async Task<IActionResult> OnPostUnlinkAsync(WorkItemKind kind, Guid linkId, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new UnlinkTicketCommand(kind, linkId), cancellationToken);
        TempData[StatusMessage.Key] = $"Unlinked from the {WorkItemNames.Of(kind)}.";
        return RedirectToPage("/Tickets/Details", new { id = result.TicketId });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Links = await sender.Send(new GetTicketWorkLinksQuery(TicketId), cancellationToken);
}
