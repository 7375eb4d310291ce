using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Queries.GetTickets;

namespace Ticketing.Application.Tickets.Queries.ExportTickets;

/// <summary>Every ticket of the current filter and sort (all pages), streamed for the CSV export.</summary>
public sealed record ExportTicketsQuery(TicketFilter Filter, TicketSort Sort) : IStreamQuery<TicketListItem>;

public sealed class ExportTicketsHandler(ITicketListReader reader, ICurrentUser user, IOptions<SlaOptions> sla, TimeProvider clock, PhiGuard guard, IAuditLog audit)
    : IStreamQueryHandler<ExportTicketsQuery, TicketListItem>
{
    public async IAsyncEnumerable<TicketListItem> Handle(ExportTicketsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TicketFilters.ResolveForUser(query.Filter, user);
        if (filter is null)
        {
            yield break;
        }

        var phi = new List<string>();
        try
        {
            await foreach (var item in reader.StreamAsync(filter, query.Sort, clock.GetUtcNow(), sla.Value.AtRiskWindow, cancellationToken))
            {
                if (item.IsPhi)
                {
                    phi.Add(item.TicketNumber);
                }

                yield return guard.Mask(item);
            }
        }
        finally
        {
            // Also when the download stops half-way: what was sent was seen. One entry for the export.
            if (phi.Count > 0)
            {
                await audit.WriteTicketAccessAsync(
                    new TicketAccess(PhiAuditActions.Export, phi, PhiAuditActions.Reference(filter, query.Sort, page: null), phi.Count),
                    CancellationToken.None);
            }
        }
    }
}
