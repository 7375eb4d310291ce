using System.ComponentModel;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Tickets.Queries.GetTicketKpis;

/// <summary>
/// The four KPI cards of the Overview and IT Support pages, from the local cache. Cached for everyone
/// until a ticket changes, and at most 30 s: the overdue and at-risk counts move with the clock alone.
/// </summary>
public sealed record GetTicketKpisQuery(bool Fresh = false) : ICachedQuery<TicketKpis>
{
    private static readonly string[] Tags = [CacheTag.Tickets];

    public string CacheKey => "all";

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromSeconds(30);

    public CacheScope Scope => CacheScope.Shared;
}

/// <summary>
/// KPI figures. "Open" means any status that still needs work (open, in progress, pending, on hold).
/// Averages and percentages are null when there is nothing to average.
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

    public bool IsEmpty => TotalTickets == 0;
}

public sealed class GetTicketKpisHandler(ITicketStatsRepository stats, IOptions<SlaOptions> sla, TimeProvider clock)
    : IQueryHandler<GetTicketKpisQuery, TicketKpis>
{
    public async ValueTask<TicketKpis> Handle(GetTicketKpisQuery query, CancellationToken cancellationToken) =>
        await stats.GetKpisAsync(clock.GetUtcNow(), sla.Value.AtRiskWindow, cancellationToken);
}
