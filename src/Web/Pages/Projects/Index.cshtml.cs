using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Queries.GetProjects;

namespace Ticketing.Web.Pages.Projects;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<ProjectSummary> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Projects = await sender.Send(new GetProjectsQuery(), cancellationToken);
}
