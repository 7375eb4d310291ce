using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetProjects;

/// <summary>Every project, by name, with its owner and how many tickets are linked.</summary>
public sealed record GetProjectsQuery : IQuery<IReadOnlyList<ProjectSummary>>;

public sealed class GetProjectsHandler(IProjectRepository projects) : IQueryHandler<GetProjectsQuery, IReadOnlyList<ProjectSummary>>
{
    public async ValueTask<IReadOnlyList<ProjectSummary>> Handle(GetProjectsQuery query, CancellationToken cancellationToken) =>
        await projects.ListProjectsAsync(cancellationToken);
}
