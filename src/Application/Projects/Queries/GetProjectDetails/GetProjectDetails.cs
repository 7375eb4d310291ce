using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetProjectDetails;

/// <summary>One project with its linked tickets (deleted ones marked) and its assignments; an unknown project is not found.</summary>
public sealed record GetProjectDetailsQuery(Guid Id) : IQuery<ProjectDetails>;

public sealed record ProjectDetails(
    ProjectSummary Project,
    IReadOnlyList<LinkedTicket> Tickets,
    IReadOnlyList<AssignmentSummary> Assignments);

public sealed class GetProjectDetailsHandler(IProjectRepository projects) : IQueryHandler<GetProjectDetailsQuery, ProjectDetails>
{
    public async ValueTask<ProjectDetails> Handle(GetProjectDetailsQuery query, CancellationToken cancellationToken)
    {
        var project = await projects.GetProjectSummaryAsync(query.Id, cancellationToken) ?? throw new NotFoundException("Project", query.Id);
        var tickets = await projects.GetLinkedTicketsAsync(WorkItemKind.Project, project.Id, cancellationToken);
        var assignments = await projects.ListAssignmentsAsync(project.Id, cancellationToken);
        return new ProjectDetails(project, tickets, assignments);
    }
}
