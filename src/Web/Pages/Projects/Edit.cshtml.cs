using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects.Commands.UpdateProject;
using Ticketing.Application.Projects.Queries.GetProjectDetails;
using Ticketing.Application.Projects.Queries.GetWorkFormOptions;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Projects;

public sealed class EditModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public UpdateProjectCommand Input { get; set; } = null!;

    public WorkFormOptions Options { get; private set; } = WorkFormOptions.Empty;

    public async Task OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await sender.Send(new GetProjectDetailsQuery(id), cancellationToken);
        Input = UpdateProjectCommand.From(details.Project);
        await RepopulateAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // The address says which project; a form field must not redirect the edit to another one.
        Input = Input with { Id = id };
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Project saved.";
        return RedirectToPage("Details", new { id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Options = await sender.Send(new GetWorkFormOptionsQuery(), cancellationToken);
}
