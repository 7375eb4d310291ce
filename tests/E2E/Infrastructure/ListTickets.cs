using Ticketing.Domain.Tickets;

namespace Ticketing.E2ETests.Infrastructure;

/// <summary>Tickets as a sync would have stored them in the mirror, for the list's tests to seed.</summary>
public static class ListTickets
{
    public static Ticket Make(
        string number,
        string title,
        TicketStatus status,
        TicketPriority priority,
        DateTimeOffset updated,
        DateTimeOffset? due = null,
        string? assignee = null,
        DateTimeOffset? created = null,
        bool deleted = false) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = "tkt_" + number,
        TicketNumber = number,
        Title = title,
        Description = "Reported by a test.",
        Status = status,
        Priority = priority,
        Category = "Network",
        Department = "IT Operations",
        RequesterName = "Dana Ruiz",
        AssigneeId = assignee,
        AssigneeName = assignee is null ? null : "Agent " + assignee,
        CreatedAt = created ?? updated.AddDays(-1),
        UpdatedAt = updated,
        ResolvedAt = status is TicketStatus.Resolved or TicketStatus.Closed ? updated : null,
        DueDate = due,
        LastSyncedAt = DateTimeOffset.UtcNow,
        DeletedAt = deleted ? DateTimeOffset.UtcNow : null,
    };
}
