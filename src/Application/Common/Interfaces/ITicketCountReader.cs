using Ticketing.Application.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>How many live tickets match each of several list filters (the presets' and views' counts).</summary>
public interface ITicketCountReader
{
    /// <summary>
    /// One count per filter, in order, from one statement. Filters come resolved for the user
    /// (<see cref="Tickets.Queries.GetTickets.TicketFilters.ResolveForUser"/>); "at risk" means due within
    /// <paramref name="atRiskWindow"/> of <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<TicketFilter> filters, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken);
}
