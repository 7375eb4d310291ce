using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetAssignmentDetails;

/// <summary>One assignment with its linked tickets (deleted ones marked); an unknown assignment is not found.</summary>
public sealed record GetAssignmentDetailsQuery(Guid Id) : IQuery<AssignmentDetails>;

public sealed record AssignmentDetails(AssignmentSummary Assignment, IReadOnlyList<LinkedTicket> Tickets);

public sealed class GetAssignmentDetailsHandler(IProjectRepository projects) : IQueryHandler<GetAssignmentDetailsQuery, AssignmentDetails>
{
    public async ValueTask<AssignmentDetails> Handle(GetAssignmentDetailsQuery query, CancellationToken cancellationToken)
    {
        var assignment = await projects.GetAssignmentSummaryAsync(query.Id, cancellationToken) ?? throw new NotFoundException("Assignment", query.Id);
        var tickets = await projects.GetLinkedTicketsAsync(WorkItemKind.Assignment, assignment.Id, cancellationToken);
        return new AssignmentDetails(assignment, tickets);
    }
}
