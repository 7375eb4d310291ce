using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Queries.GetSlaCompliance;

/// <summary>SLA compliance by policy and month, for the last <see cref="Months"/> months (this one included).</summary>
public sealed record GetSlaComplianceQuery(int Months = 6) : IQuery<IReadOnlyList<SlaComplianceRow>>;

public sealed class GetSlaComplianceHandler(ISlaReader reader, TimeProvider clock) : IQueryHandler<GetSlaComplianceQuery, IReadOnlyList<SlaComplianceRow>>
{
    public async ValueTask<IReadOnlyList<SlaComplianceRow>> Handle(GetSlaComplianceQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1 - Math.Clamp(query.Months, 1, 36));
        return await reader.GetComplianceAsync(since, cancellationToken);
    }
}
