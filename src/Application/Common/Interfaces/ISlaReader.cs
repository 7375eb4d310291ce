using Ticketing.Application.Sla;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Reads <c>ticket_sla</c>: the one place pages, KPIs and notifications get "the SLA of a ticket" from.</summary>
public interface ISlaReader
{
    Task<TicketSlaView?> GetTicketSlaAsync(Guid ticketId, CancellationToken cancellationToken);
}
