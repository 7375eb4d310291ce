using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetWorkFormOptions;

/// <summary>The choices the project and assignment forms offer: people (owner, assignee) and projects.</summary>
public sealed record GetWorkFormOptionsQuery : IQuery<WorkFormOptions>;

public sealed record WorkFormOptions(IReadOnlyList<PersonOption> People, IReadOnlyList<WorkItemOption> Projects)
{
    public static WorkFormOptions Empty { get; } = new([], []);
}

public sealed class GetWorkFormOptionsHandler(IProjectRepository projects) : IQueryHandler<GetWorkFormOptionsQuery, WorkFormOptions>
{
    public async ValueTask<WorkFormOptions> Handle(GetWorkFormOptionsQuery query, CancellationToken cancellationToken) =>
        new(await projects.ListPeopleAsync(cancellationToken), await projects.ListWorkItemsAsync(WorkItemKind.Project, cancellationToken));
}
