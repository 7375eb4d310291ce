using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects.Commands.UpdateAssignment;
using Ticketing.Application.Projects.Queries.GetAssignmentDetails;
using Ticketing.Application.Projects.Queries.GetWorkFormOptions;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Assignments;

public sealed class EditModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public UpdateAssignmentCommand Input { get; set; } = null!;

    public WorkFormOptions Options { get; private set; } = WorkFormOptions.Empty;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await sender.Send(new GetAssignmentDetailsQuery(id), cancellationToken);
        Input = UpdateAssignmentCommand.From(details.Assignment);
        await RepopulateAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // The address says which assignment; a form field must not redirect the edit to another one.
        Input = Input with { Id = id };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Assignment saved.";
        return RedirectToPage("Details", new { id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Options = await sender.Send(new GetWorkFormOptionsQuery(), cancellationToken);
}
