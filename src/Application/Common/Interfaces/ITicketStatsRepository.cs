using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Aggregate figures over the local ticket cache, computed by the database.</summary>
public interface ITicketStatsRepository
{
    /// <summary>
    /// The dashboard's KPIs over every ticket that is not deleted, with the open tickets past their due
    /// date at <paramref name="now"/> and those due within <paramref name="atRiskWindow"/> of it.
    /// </summary>
    Task<TicketKpis> GetKpisAsync(DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken);

    /// <summary>
    /// The Overview's charts over every ticket that is not deleted: counts by status, priority,
    /// category and department (the <paramref name="topGroups"/> largest categories and departments,
    /// the rest folded into "Other"), and tickets created and resolved on each of the
    /// <paramref name="days"/> UTC days up to and including <paramref name="lastDay"/>.
    /// </summary>
    Task<TicketCharts> GetChartsAsync(DateOnly lastDay, int days, int topGroups, CancellationToken cancellationToken);
}
