using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UnlinkTicket;
using Ticketing.Application.Projects.Queries.GetProjectDetails;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Projects;

/// <summary>One project, its linked tickets and its assignments; links a ticket by number, or unlinks one.</summary>
public sealed class DetailsModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public LinkTicketCommand Input { get; set; } = new(WorkItemKind.Project, null, null, null);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProjectDetails Details { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken cancellationToken) => RepopulateAsync(cancellationToken);

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        // This page links to this project only, whatever the form says.
        Input = Input with { Kind = WorkItemKind.Project, WorkItemId = Id };
        var link = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = $"Linked {link.TicketNumber}.";
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        await sender.Send(new UnlinkTicketCommand(WorkItemKind.Project, linkId), cancellationToken);
        TempData[StatusMessage.Key] = "Ticket unlinked.";
        return RedirectToPage(new { id = Id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Details = await sender.Send(new GetProjectDetailsQuery(Id), cancellationToken);
}
