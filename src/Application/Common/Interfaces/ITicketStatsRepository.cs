using Ticketing.Application.Tickets.Queries.GetTicketCharts;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Aggregate figures over the local ticket cache, computed by the database.</summary>
public interface ITicketStatsRepository
{
    /// <summary>
    /// The Overview's charts over every ticket that is not deleted: counts by status, priority,
    /// category and department (the <paramref name="topGroups"/> largest categories and departments,
    /// the rest folded into "Other"), and tickets created and resolved on each of the
    /// <paramref name="days"/> UTC days up to and including <paramref name="lastDay"/>.
    /// </summary>
    Task<TicketCharts> GetChartsAsync(DateOnly lastDay, int days, int topGroups, CancellationToken cancellationToken);
}
