using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects.Commands.CreateAssignment;
using Ticketing.Application.Projects.Queries.GetWorkFormOptions;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Assignments;

public sealed class CreateModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public CreateAssignmentCommand Input { get; set; } = CreateAssignmentCommand.Empty;

    public WorkFormOptions Options { get; private set; } = WorkFormOptions.Empty;

    // A project's page links here with its id, so the form starts in that project.
    public async Task OnGetAsync(Guid? projectId, CancellationToken cancellationToken)
    {
        Input = Input with { ProjectId = projectId };
        await RepopulateAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var id = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Assignment created.";
        return RedirectToPage("Details", new { id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Options = await sender.Send(new GetWorkFormOptionsQuery(), cancellationToken);
}
