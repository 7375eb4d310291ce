using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Queries.GetTicketDetails;

/// <summary>One ticket with its comments and change history; a deleted or unknown ticket is not found.</summary>
public sealed record GetTicketDetailsQuery(Guid Id) : IQuery<TicketDetails>;

public sealed record TicketDetails(
    Ticket Ticket,
    SlaState Sla,
    IReadOnlyList<TicketComment> Comments,
    IReadOnlyList<TicketHistoryEntry> History);

public sealed class GetTicketDetailsHandler(ITicketRepository tickets, IOptions<SlaOptions> sla, TimeProvider clock, Phi.PhiGuard guard)
    : IQueryHandler<GetTicketDetailsQuery, TicketDetails>
{
    public const int HistoryLimit = 200;

    public async ValueTask<TicketDetails> Handle(GetTicketDetailsQuery query, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(query.Id, cancellationToken) ?? throw new NotFoundException("Ticket", query.Id);
        await guard.EnsureMayReadAsync(ticket.Id, ticket.TicketNumber, cancellationToken);
        var (comments, history) = await tickets.GetActivityAsync(ticket.Id, HistoryLimit, cancellationToken);
        return new TicketDetails(ticket, ticket.SlaStateAt(clock.GetUtcNow(), sla.Value.AtRiskWindow), comments, history);
    }
}
