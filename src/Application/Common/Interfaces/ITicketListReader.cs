using Ticketing.Application.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The list's reads over the cache: a page, every row for an export, and the filter values.</summary>
public interface ITicketListReader
{
    /// <summary>One page and its (capped) count, in one round trip. "At risk" means due within <paramref name="atRiskWindow"/>.</summary>
    Task<TicketPage> QueryAsync(TicketFilter filter, TicketSort sort, PageRequest page, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken);

    /// <summary>Every matching row, streamed in order (for the CSV export; never buffered).</summary>
    IAsyncEnumerable<TicketListItem> StreamAsync(TicketFilter filter, TicketSort sort, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken);

    Task<TicketLookups> GetLookupsAsync(CancellationToken cancellationToken);
}
