using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sla;

namespace Ticketing.Application.Sla.Queries.GetSlaAdmin;

/// <summary>Everything the SLA admin page shows: policies in order, calendars, and the recompute's progress.</summary>
public sealed record GetSlaAdminQuery : IQuery<SlaAdminView>, IAdminRequest;

public sealed record SlaAdminView(IReadOnlyList<SlaPolicy> Policies, IReadOnlyList<SlaCalendar> Calendars, SlaRecomputeProgress Progress);

public sealed class GetSlaAdminHandler(ISlaRepository sla, ISlaRecomputeStore store) : IQueryHandler<GetSlaAdminQuery, SlaAdminView>
{
    public async ValueTask<SlaAdminView> Handle(GetSlaAdminQuery query, CancellationToken cancellationToken) =>
        new(await sla.ListPoliciesAsync(cancellationToken), await sla.ListCalendarsAsync(cancellationToken), await store.GetProgressAsync(cancellationToken));
}
