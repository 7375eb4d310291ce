using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;

namespace Ticketing.Application.Sla.Queries.GetLikelyToBreach;

/// <summary>Of the given tickets (a page of the list), those flagged likely to breach, by ticket id.</summary>
public sealed record GetLikelyToBreachQuery(IReadOnlyList<Guid> TicketIds) : IQuery<IReadOnlyDictionary<Guid, TicketBreachRiskView>>;

public sealed class GetLikelyToBreachHandler(IBreachRiskStore store)
    : IQueryHandler<GetLikelyToBreachQuery, IReadOnlyDictionary<Guid, TicketBreachRiskView>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, TicketBreachRiskView>> Handle(GetLikelyToBreachQuery query, CancellationToken cancellationToken) =>
        (await store.GetLikelyAsync([.. query.TicketIds.Distinct()], cancellationToken)).ToDictionary(v => v.TicketId);
}
