namespace Ticketing.Domain.Notifications;

public enum NotificationType
{
    Assignment = 0,
    StatusChange = 1,
    Comment = 2,
    SlaBreach = 3,

    /// <summary>Championship IT refused a write that was queued while it was unreachable.</summary>
    WriteRejected = 4,

    /// <summary>Someone broke the glass on a PHI ticket: told to every admin, with the reason.</summary>
    PhiBreakGlass = 5,

    /// <summary>An SLA policy's escalation rule fired for a ticket (decision 091).</summary>
    Escalation = 7,

    /// <summary>An active ticket's breach probability crossed the threshold: told to its assignee and followers once per crossing.</summary>
    SlaBreachLikely = 6,
}
