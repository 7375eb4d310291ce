using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetAssignments;

/// <summary>Every assignment, soonest due first, with its project, assignee and how many tickets are linked.</summary>
public sealed record GetAssignmentsQuery : IQuery<IReadOnlyList<AssignmentSummary>>;

public sealed class GetAssignmentsHandler(IProjectRepository projects) : IQueryHandler<GetAssignmentsQuery, IReadOnlyList<AssignmentSummary>>
{
    public async ValueTask<IReadOnlyList<AssignmentSummary>> Handle(GetAssignmentsQuery query, CancellationToken cancellationToken) =>
        await projects.ListAssignmentsAsync(null, cancellationToken);
}
