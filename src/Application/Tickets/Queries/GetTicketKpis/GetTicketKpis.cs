using System.ComponentModel;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Analytics;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Queries.GetTicketKpis;

/// <summary>
/// The four KPI cards of the Overview and IT Support pages, from the local cache. Cached for everyone
/// until a ticket or a ticket's SLA state changes, and at most 30 s: the overdue and at-risk counts move
/// with the clock alone.
/// </summary>
public sealed record GetTicketKpisQuery(bool Fresh = false) : ICachedQuery<TicketKpis>
{
    private static readonly string[] Tags = [CacheTag.Tickets, CacheTag.Sla];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromSeconds(30);

    public CacheScope Scope => CacheScope.Shared;
}

/// <summary>
/// KPI figures. "Open" means any status that still needs work (open, in progress, pending, on hold).
/// Averages and percentages are null when there is nothing to average. <see cref="SlaCompliancePercentage"/>
/// and <see cref="ResolvedWithDueDate"/> measure Championship IT's due dates; the strip shows
/// <see cref="PolicySla"/> (decision 145).
/// </summary>
[ImmutableObject(true)]
public sealed record TicketKpis(
    int TotalTickets,
    int OpenTickets,
    int InProgressTickets,
    int ResolvedTickets,
    double? AvgResolutionHours,
    double? SlaCompliancePercentage,
    int ResolvedWithDueDate,
    int CriticalOpenTickets)
{
    public static TicketKpis Empty { get; } = new(0, 0, 0, 0, null, null, 0, 0);

    /// <summary>Open tickets due within the at-risk window (default 4 hours).</summary>
    public int AtRiskTickets { get; init; }

    /// <summary>Open tickets past their due date.</summary>
    public int OverdueTickets { get; init; }

    /// <summary>
    /// Resolved tickets that met and that breached their SLA policy's resolution target, over all time, from the
    /// analytics rollups (the same figures as the analytics page's key figure and the Overview's compliance table).
    /// </summary>
    public SlaResolutionTotals PolicySla { get; init; }

    public bool IsEmpty => TotalTickets == 0;
}

public sealed class GetTicketKpisHandler(ITicketStatsRepository stats, ISlaComplianceFigures compliance, IOptions<SlaOptions> sla, TimeProvider clock)
    : IQueryHandler<GetTicketKpisQuery, TicketKpis>
{
    public async ValueTask<TicketKpis> Handle(GetTicketKpisQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // UTC is always kept, and summed over every month its days are the same tickets as any other zone's.
        var scope = new AnalyticsScope(AnalyticsPeriod.AllTime, AnalyticsFilter.None, "UTC", DateOnly.FromDateTime(now.UtcDateTime), now);
        var months = compliance.ByMonthAsync(scope, cancellationToken);
        var kpis = await stats.GetKpisAsync(now, sla.Value.AtRiskWindow, cancellationToken);
        return kpis with { PolicySla = SlaResolutionTotals.Of(await months) };
    }
}
