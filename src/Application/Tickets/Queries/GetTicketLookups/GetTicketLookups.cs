using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Queries.GetTicketLookups;

/// <summary>The categories, departments and assignees the list's filters offer.</summary>
public sealed record GetTicketLookupsQuery : IQuery<TicketLookups>;

public sealed class GetTicketLookupsHandler(ITicketListReader reader) : IQueryHandler<GetTicketLookupsQuery, TicketLookups>
{
    public async ValueTask<TicketLookups> Handle(GetTicketLookupsQuery query, CancellationToken cancellationToken) =>
        await reader.GetLookupsAsync(cancellationToken);
}
