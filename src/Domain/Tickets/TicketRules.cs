namespace Ticketing.Domain.Tickets;

/// <summary>Rules about statuses and SLAs that every layer must agree on.</summary>
public static class TicketRules
{
    /// <summary>Statuses in which a ticket still needs work.</summary>
    public static readonly IReadOnlySet<TicketStatus> ActiveStatuses = new HashSet<TicketStatus>
    {
        TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Pending, TicketStatus.OnHold,
    };

    /// <summary>Statuses that mean the work is done (the remote sets <c>resolved_at</c> for these).</summary>
    public static readonly IReadOnlySet<TicketStatus> ResolvedStatuses = new HashSet<TicketStatus>
    {
        TicketStatus.Resolved, TicketStatus.Closed,
    };

    /// <summary>Priorities counted as "critical" on the dashboard.</summary>
    public static readonly IReadOnlySet<TicketPriority> CriticalPriorities = new HashSet<TicketPriority>
    {
        TicketPriority.Urgent, TicketPriority.Critical,
    };

    public static bool IsActive(this TicketStatus status) => ActiveStatuses.Contains(status);

    public static bool IsResolved(this TicketStatus status) => ResolvedStatuses.Contains(status);

    /// <summary>"Open" on the dashboard means not resolved, closed or cancelled.</summary>
    public static bool IsFinal(this TicketStatus status) => !status.IsActive();
}
