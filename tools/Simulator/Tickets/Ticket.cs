namespace Ticketing.Simulator.Tickets;

/// <summary>
/// One ticket as the remote holds it. Immutable: a change replaces the instance, so a reader that
/// took a reference under the store's read lock can serialise it later without holding the lock.
/// </summary>
public sealed record Ticket
{
    public required string Id { get; init; }

    public required string TicketNumber { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public TicketStatus Status { get; init; }

    public TicketPriority Priority { get; init; }

    public string? Category { get; init; }

    public string? RequesterId { get; init; }

    public string? RequesterName { get; init; }

    public string? RequesterEmail { get; init; }

    public string? AssigneeId { get; init; }

    public string? AssigneeName { get; init; }

    public string? Department { get; init; }

    /// <summary>UTC, truncated to milliseconds like every timestamp the simulator hands out.</summary>
    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public DateTime? ResolvedAt { get; init; }

    public DateTime? DueDate { get; init; }

    /// <summary>Seeded tickets share pooled arrays, so nothing may mutate a ticket's tags in place.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// The custom_fields object as compact JSON text. Kept as text because a parsed DOM per ticket
    /// would cost several hundred bytes each at a million tickets.
    /// </summary>
    public string CustomFieldsJson { get; init; } = "{}";

    /// <summary>
    /// What happened on a seeded ticket before the simulator started, from which its seeded
    /// comments are derived on demand (see <see cref="Seeding.SeededComments"/>). Kept as a few
    /// numbers rather than comment objects so that seeding a million tickets allocates no comments;
    /// a change (<c>with</c>) carries it along, so a ticket's history never changes. Default for
    /// tickets created after seeding: no history.
    /// </summary>
    internal SeededActivity Activity { get; init; }
}

/// <summary>Declared in workflow order, which is the order of <c>sort_by=status</c>.</summary>
public enum TicketStatus : byte
{
    Open,
    InProgress,
    Pending,
    OnHold,
    Resolved,
    Closed,
    Cancelled,
}

/// <summary>Declared in severity order, which is the order of <c>sort_by=priority</c>.</summary>
public enum TicketPriority : byte
{
    Low,
    Medium,
    High,
    Urgent,
    Critical,
}

public static class TicketEnums
{
    private static readonly string[] StatusNames =
        ["open", "in_progress", "pending", "on_hold", "resolved", "closed", "cancelled"];

    private static readonly string[] PriorityNames = ["low", "medium", "high", "urgent", "critical"];

    public static IReadOnlyList<string> AllStatusNames => StatusNames;

    public static IReadOnlyList<string> AllPriorityNames => PriorityNames;

    public static string ToWire(this TicketStatus status) => StatusNames[(int)status];

    public static string ToWire(this TicketPriority priority) => PriorityNames[(int)priority];

    /// <summary>Resolved and closed both count as "resolved" for resolved_at and the stats.</summary>
    public static bool IsResolved(this TicketStatus status) => status is TicketStatus.Resolved or TicketStatus.Closed;

    public static bool IsTerminal(this TicketStatus status) => status is TicketStatus.Closed or TicketStatus.Cancelled;

    public static bool TryParseStatus(string? value, out TicketStatus status)
    {
        var index = Array.IndexOf(StatusNames, value);
        status = index < 0 ? default : (TicketStatus)index;
        return index >= 0;
    }

    public static bool TryParsePriority(string? value, out TicketPriority priority)
    {
        var index = Array.IndexOf(PriorityNames, value);
        priority = index < 0 ? default : (TicketPriority)index;
        return index >= 0;
    }

    /// <summary>SLA response time by priority, used for seeded and created tickets' due dates.</summary>
    public static TimeSpan SlaTarget(this TicketPriority priority) => priority switch
    {
        TicketPriority.Critical => TimeSpan.FromHours(4),
        TicketPriority.Urgent => TimeSpan.FromHours(8),
        TicketPriority.High => TimeSpan.FromHours(24),
        TicketPriority.Medium => TimeSpan.FromHours(72),
        _ => TimeSpan.FromDays(7),
    };
}
