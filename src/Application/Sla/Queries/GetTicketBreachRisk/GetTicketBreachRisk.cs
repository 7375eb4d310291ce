using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;

namespace Ticketing.Application.Sla.Queries.GetTicketBreachRisk;

/// <summary>The ticket's last breach estimate; null when it has none (not active, no due time, or too little history).</summary>
public sealed record GetTicketBreachRiskQuery(Guid TicketId) : IQuery<TicketBreachRiskView?>;

public sealed class GetTicketBreachRiskHandler(IBreachRiskStore store) : IQueryHandler<GetTicketBreachRiskQuery, TicketBreachRiskView?>
{
    public async ValueTask<TicketBreachRiskView?> Handle(GetTicketBreachRiskQuery query, CancellationToken cancellationToken) =>
        await store.GetAsync(query.TicketId, cancellationToken);
}
