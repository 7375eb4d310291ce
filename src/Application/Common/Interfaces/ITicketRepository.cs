using Ticketing.Application.Tickets.Queries.GetTicketKpis;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The local ticket cache, spoken in the domain's terms.</summary>
public interface ITicketRepository
{
    /// <summary>The dashboard's KPIs over every ticket that is not deleted.</summary>
    Task<TicketKpis> GetKpisAsync(CancellationToken cancellationToken);
}
