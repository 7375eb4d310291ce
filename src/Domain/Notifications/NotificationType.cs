namespace Ticketing.Domain.Notifications;

public enum NotificationType
{
    Assignment = 0,
    StatusChange = 1,
    Comment = 2,
    SlaBreach = 3,
}
