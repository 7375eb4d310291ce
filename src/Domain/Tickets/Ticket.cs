namespace Ticketing.Domain.Tickets;

/// <summary>
/// The local mirror of one remote ticket (<c>tickets_cache</c>). The remote is the source of truth:
/// the mirror only ever takes a newer remote version (<see cref="IsNewerThan"/>).
/// </summary>
public sealed class Ticket
{
    public Guid Id { get; set; }
    public required string ExternalTicketId { get; set; }
    public required string TicketNumber { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public TicketStatus Status { get; set; }
    public TicketPriority Priority { get; set; }
    public string? Category { get; set; }
    public string? RequesterId { get; set; }
    public string? RequesterName { get; set; }
    public string? RequesterEmail { get; set; }
    public string? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public string? Department { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public string[] Tags { get; set; } = [];

    /// <summary>The remote's <c>custom_fields</c> object, kept as its JSON text.</summary>
    public string CustomFieldsJson { get; set; } = "{}";

    public DateTimeOffset LastSyncedAt { get; set; }

    /// <summary>Set when the remote no longer has the ticket; kept for links and history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Hours from creation to resolution, for resolved or closed tickets.</summary>
    public double? ResolutionHours =>
        Status.IsResolved() && ResolvedAt is { } resolved
            ? (resolved - CreatedAt).TotalHours
            : null;

    /// <summary>The SLA state at <paramref name="now"/>; "at risk" when due within <paramref name="atRiskWindow"/>.</summary>
    public SlaState SlaStateAt(DateTimeOffset now, TimeSpan atRiskWindow)
    {
        if (DueDate is not { } due)
        {
            return SlaState.None;
        }

        if (Status == TicketStatus.Cancelled)
        {
            return SlaState.NotApplicable;
        }

        if (Status.IsResolved())
        {
            return ResolvedAt is { } resolved && resolved > due ? SlaState.Breached : SlaState.Met;
        }

        if (now > due)
        {
            return SlaState.Breached;
        }

        return due - now <= atRiskWindow ? SlaState.AtRisk : SlaState.OnTrack;
    }

    /// <summary>Whether this version is newer than a cached one last updated at <paramref name="cachedUpdatedAt"/>.</summary>
    public bool IsNewerThan(DateTimeOffset cachedUpdatedAt) => UpdatedAt > cachedUpdatedAt;
}
