using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Queries.GetTickets;

namespace Ticketing.Application.Tickets.Queries.ExportTickets;

/// <summary>Every ticket of the current filter and sort (all pages), streamed for the CSV export.</summary>
public sealed record ExportTicketsQuery(TicketFilter Filter, TicketSort Sort) : IStreamQuery<TicketListItem>;

public sealed class ExportTicketsHandler(ITicketListReader reader, ICurrentUser user, IOptions<SlaOptions> sla, TimeProvider clock)
    : IStreamQueryHandler<ExportTicketsQuery, TicketListItem>
{
    public async IAsyncEnumerable<TicketListItem> Handle(ExportTicketsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TicketFilters.ResolveForUser(query.Filter, user);
        if (filter is null)
        {
            yield break;
        }

        await foreach (var item in reader.StreamAsync(filter, query.Sort, clock.GetUtcNow(), sla.Value.AtRiskWindow, cancellationToken))
        {
            yield return item;
        }
    }
}
