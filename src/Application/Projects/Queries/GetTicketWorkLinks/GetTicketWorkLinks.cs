using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Projects.Queries.GetTicketWorkLinks;

/// <summary>
/// What a ticket's page shows of its links: the projects and assignments it is linked to, and the
/// ones it could be linked to. An unknown ticket is not found.
/// </summary>
public sealed record GetTicketWorkLinksQuery(Guid TicketId) : IQuery<TicketWorkLinks>;

public sealed record TicketWorkLinks(
    TicketRef Ticket,
    IReadOnlyList<TicketWorkLink> Links,
    IReadOnlyList<WorkItemOption> Projects,
    IReadOnlyList<WorkItemOption> Assignments);

public sealed class GetTicketWorkLinksHandler(IProjectRepository projects) : IQueryHandler<GetTicketWorkLinksQuery, TicketWorkLinks>
{
    public async ValueTask<TicketWorkLinks> Handle(GetTicketWorkLinksQuery query, CancellationToken cancellationToken)
    {
        var ticket = await projects.FindTicketAsync(query.TicketId, cancellationToken) ?? throw new NotFoundException("Ticket", query.TicketId);
        return new TicketWorkLinks(
            ticket,
            await projects.GetTicketLinksAsync(ticket.Id, cancellationToken),
            await projects.ListWorkItemsAsync(WorkItemKind.Project, cancellationToken),
            await projects.ListWorkItemsAsync(WorkItemKind.Assignment, cancellationToken));
    }
}
