namespace Ticketing.Application.Triage;

/// <summary>
/// Tickets that arrived from Championship IT (sync or webhook) without a field an admin lets the assistant
/// fill in: marked by a trigger when they are first stored, claimed here once each.
/// </summary>
public interface ITriageArrivals
{
    /// <summary>
    /// Claims (and forgets) up to <paramref name="max"/> marked tickets, oldest mark first. A claim is final:
    /// two instances never get the same ticket, and a ticket is never handed out twice.
    /// </summary>
    Task<IReadOnlyList<TriageArrival>> ClaimAsync(int max, CancellationToken cancellationToken);
}

/// <param name="TicketId">The marked ticket.</param>
/// <param name="IsPhi">The PHI classification flagged the ticket.</param>
public sealed record TriageArrival(Guid TicketId, bool IsPhi);
