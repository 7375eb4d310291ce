namespace Ticketing.Domain.Tickets;

public enum SlaState
{
    /// <summary>No due date: nothing to meet.</summary>
    None,
    /// <summary>Still open and due later than the at-risk window.</summary>
    OnTrack,
    /// <summary>Still open and due within the at-risk window.</summary>
    AtRisk,
    /// <summary>Still open and past due, or resolved after the due date.</summary>
    Breached,
    /// <summary>Resolved by the due date.</summary>
    Met,
    /// <summary>Cancelled: the SLA no longer applies.</summary>
    NotApplicable,
}
