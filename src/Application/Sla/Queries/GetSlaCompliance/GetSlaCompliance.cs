using Mediator;
using Ticketing.Application.Analytics;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Queries.GetSlaCompliance;

/// <summary>
/// SLA compliance by policy and month (UTC), for the last <see cref="Months"/> months (this one included), newest
/// first: the analytics rollups' figures (<see cref="ISlaComplianceFigures"/>), as the KPI strip and the analytics
/// page read them (decision 145).
/// </summary>
public sealed record GetSlaComplianceQuery(int Months = 6) : IQuery<IReadOnlyList<SlaComplianceRow>>;

public sealed class GetSlaComplianceHandler(ISlaComplianceFigures figures, TimeProvider clock) : IQueryHandler<GetSlaComplianceQuery, IReadOnlyList<SlaComplianceRow>>
{
    public async ValueTask<IReadOnlyList<SlaComplianceRow>> Handle(GetSlaComplianceQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var since = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - Math.Clamp(query.Months, 1, 36));
        var scope = new AnalyticsScope(new AnalyticsPeriod(since, AnalyticsPeriod.AllTime.To), AnalyticsFilter.None, "UTC", today, now);
        var months = await figures.ByMonthAsync(scope, cancellationToken);
        // The rollups list months oldest first and policies in their order; the table reads newest month first.
        return
        [
            .. months
                .Select((m, order) => (Row: new SlaComplianceRow(
                    m.PolicyId, m.Policy, m.Month,
                    checked((int)m.ResponseMet), checked((int)m.ResponseBreached), checked((int)m.ResolutionMet), checked((int)m.ResolutionBreached)), Order: order))
                .OrderByDescending(r => r.Row.Month)
                .ThenBy(r => r.Order)
                .Select(r => r.Row),
        ];
    }
}
