namespace Ticketing.Domain.Tickets;

/// <summary>
/// The remote's ticket priorities. The numeric order is the severity order (critical highest).
/// </summary>
public enum TicketPriority
{
    Low = 0,
    Medium = 1,
    High = 2,
    Urgent = 3,
    Critical = 4,
}
