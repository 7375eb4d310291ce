using Mediator;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Queries.GetProjectDetails;

namespace Ticketing.Web.Pages.Projects;

/// <summary>One project, its linked tickets and its assignments; links a ticket by number, or unlinks one.</summary>
public sealed class DetailsModel(ISender sender) : WorkItemDetailsModel(sender, WorkItemKind.Project)
{
    public ProjectDetails Details { get; private set; } = null!;

    protected override async Task<IReadOnlyList<LinkedTicket>> LoadAsync(ISender mediator, Guid id, CancellationToken cancellationToken)
    {
        Details = await mediator.Send(new GetProjectDetailsQuery(id), cancellationToken);
        return Details.Tickets;
    }
}
