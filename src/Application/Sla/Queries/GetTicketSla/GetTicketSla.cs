using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Queries.GetTicketSla;

/// <summary>The ticket's SLA under its policy; null when no policy covers it or it has not been computed yet.</summary>
public sealed record GetTicketSlaQuery(Guid TicketId) : IQuery<TicketSlaView?>;

public sealed class GetTicketSlaHandler(ISlaReader reader) : IQueryHandler<GetTicketSlaQuery, TicketSlaView?>
{
    public async ValueTask<TicketSlaView?> Handle(GetTicketSlaQuery query, CancellationToken cancellationToken) =>
        await reader.GetTicketSlaAsync(query.TicketId, cancellationToken);
}
