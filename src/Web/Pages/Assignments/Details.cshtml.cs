using Mediator;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Queries.GetAssignmentDetails;
using Ticketing.Web.Pages.Projects;

namespace Ticketing.Web.Pages.Assignments;

/// <summary>One assignment and its linked tickets; links a ticket by number, or unlinks one.</summary>
public sealed class DetailsModel(ISender sender) : WorkItemDetailsModel(sender, WorkItemKind.Assignment)
{
    public AssignmentDetails Details { get; private set; } = null!;

    protected override async Task<IReadOnlyList<LinkedTicket>> LoadAsync(ISender mediator, Guid id, CancellationToken cancellationToken)
    {
        Details = await mediator.Send(new GetAssignmentDetailsQuery(id), cancellationToken);
        return Details.Tickets;
    }
}
