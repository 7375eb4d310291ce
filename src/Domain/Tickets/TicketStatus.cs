namespace Ticketing.Domain.Tickets;

/// <summary>
/// The remote's ticket statuses. The numeric order is the workflow order, used for sorting.
/// </summary>
public enum TicketStatus
{
    Open = 0,
    InProgress = 1,
    Pending = 2,
    OnHold = 3,
    Resolved = 4,
    Closed = 5,
    Cancelled = 6,
}
