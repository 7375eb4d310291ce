using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Queries.GetAssignments;

namespace Ticketing.Web.Pages.Assignments;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<AssignmentSummary> Assignments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Assignments = await sender.Send(new GetAssignmentsQuery(), cancellationToken);
}
