namespace Ticketing.Domain.Notifications;

public enum NotificationType
{
    Assignment = 0,
    StatusChange = 1,
    Comment = 2,
    SlaBreach = 3,

    /// <summary>Championship IT refused a write that was queued while it was unreachable.</summary>
    WriteRejected = 4,
}
