using Ticketing.Application.Analytics;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// The analytics figures, from the daily rollups the writing transaction keeps (never a scan of the
/// mirror per view), in the local days of a zone whose rollups are kept.
/// </summary>
public interface IAnalyticsReader
{
    /// <summary>
    /// Starts keeping the rollups of <paramref name="zone"/> if they are not kept yet (computed once from
    /// the mirror) and returns it; returns "UTC" when no more zones may be added.
    /// </summary>
    Task<string> PrepareZoneAsync(string zone, CancellationToken cancellationToken);

    Task<AnalyticsFigures> ReadAsync(AnalyticsScope scope, CancellationToken cancellationToken);
}

/// <summary>
/// SLA compliance by policy and month for the analytics figures: first responses and resolutions met or
/// breached by each ticket's SLA policy (<c>ticket_sla</c>), as the rollups keep them (decision 126).
/// </summary>
public interface ISlaComplianceFigures
{
    /// <summary>What "met" is measured against, said on the page and the report ("by SLA policy").</summary>
    string Basis { get; }

    Task<IReadOnlyList<SlaMonth>> ByMonthAsync(AnalyticsScope scope, CancellationToken cancellationToken);
}
