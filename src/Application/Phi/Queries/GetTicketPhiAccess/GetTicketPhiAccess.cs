using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Phi.Queries.GetTicketPhiAccess;

/// <summary>
/// Whether the current user may open a ticket whole, and what anyone may see of it: the ticket page asks
/// first and shows a restricted ticket (with break-glass) to a reader without access.
/// </summary>
public sealed record GetTicketPhiAccessQuery(Guid TicketId) : IQuery<RestrictedTicket>;

/// <summary>The fields of a PHI ticket every staff user sees, and the reader's access to the rest.</summary>
public sealed record RestrictedTicket(
    Guid Id,
    string TicketNumber,
    TicketStatus Status,
    TicketPriority Priority,
    string? AssigneeName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? DueDate,
    TicketPhiAccess Access);

public sealed class GetTicketPhiAccessHandler(ITicketRepository tickets, PhiGuard guard) : IQueryHandler<GetTicketPhiAccessQuery, RestrictedTicket>
{
    public async ValueTask<RestrictedTicket> Handle(GetTicketPhiAccessQuery query, CancellationToken cancellationToken)
    {
        var ticket = await tickets.FindAsync(query.TicketId, cancellationToken);
        if (ticket is null || ticket.IsDeleted)
        {
            throw new NotFoundException("Ticket", query.TicketId);
        }

        var access = await guard.ForTicketAsync(ticket.Id, cancellationToken);
        return new RestrictedTicket(ticket.Id, ticket.TicketNumber, ticket.Status, ticket.Priority, ticket.AssigneeName, ticket.CreatedAt, ticket.UpdatedAt, ticket.ResolvedAt, ticket.DueDate, access);
    }
}
