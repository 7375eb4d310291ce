using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects.Commands.CreateProject;
using Ticketing.Application.Projects.Queries.GetWorkFormOptions;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Projects;

public sealed class CreateModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public CreateProjectCommand Input { get; set; } = CreateProjectCommand.Empty;

    public WorkFormOptions Options { get; private set; } = WorkFormOptions.Empty;

    public Task OnGetAsync(CancellationToken cancellationToken) => RepopulateAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var id = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Project created.";
        return RedirectToPage("Details", new { id });
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken) =>
        Options = await sender.Send(new GetWorkFormOptionsQuery(), cancellationToken);
}
