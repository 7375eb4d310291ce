using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Notifications;

/// <summary>
/// One recorded ticket event with the local users it concerns. For a creation or an assignment,
/// <see cref="AssigneeUserId"/> is the user the ticket was assigned to by this event.
/// </summary>
public sealed record TicketEventContext(
    long EventId,
    Guid TicketId,
    TicketEventType Type,
    string? OldValue,
    string? NewValue,
    string? ActorUserId,
    string TicketNumber,
    string Title,
    TicketStatus Status,
    string? RequesterUserId,
    string? AssigneeUserId);

/// <summary>A notification to create; the dedupe key makes creating it twice a no-op.</summary>
public sealed record NotificationDraft(Guid TicketId, string UserId, NotificationType Type, string Title, string Message, string DedupeKey);

/// <summary>
/// Who gets what. Assignments go to the new assignee; status changes and comments to the requester
/// and the assignee; nobody hears of a change they made themselves; tickets already closed or
/// cancelled make no more noise (the change that closed them still does).
/// </summary>
public static class NotificationRules
{
    private static readonly HashSet<string> Finished = ["closed", "cancelled"];

    public static IReadOnlyList<NotificationDraft> For(TicketEventContext e)
    {
        var drafts = new List<NotificationDraft>();
        switch (e.Type)
        {
            case TicketEventType.Created or TicketEventType.AssignmentChanged:
                if (e.AssigneeUserId is { } assignee && !IsFinished(e.Status))
                {
                    Add(drafts, e, assignee, NotificationType.Assignment, $"{e.TicketNumber} was assigned to you", e.Title);
                }

                break;

            case TicketEventType.StatusChanged when !Finished.Contains(e.OldValue ?? ""):
                var status = StatusText(e.NewValue);
                foreach (var user in Concerned(e))
                {
                    Add(drafts, e, user, NotificationType.StatusChange, $"{e.TicketNumber} is now {status}", e.Title);
                }

                break;

            case TicketEventType.CommentAdded when !IsFinished(e.Status):
                foreach (var user in Concerned(e))
                {
                    Add(drafts, e, user, NotificationType.Comment, $"New comment on {e.TicketNumber}", e.Title);
                }

                break;
        }

        return drafts;
    }

    public static string StatusText(string? wireName) => (wireName ?? "unknown").Replace('_', ' ');

    private static bool IsFinished(TicketStatus status) => status is TicketStatus.Closed or TicketStatus.Cancelled;

    private static IEnumerable<string> Concerned(TicketEventContext e) =>
        new[] { e.RequesterUserId, e.AssigneeUserId }.OfType<string>().Distinct(StringComparer.Ordinal);

    private static void Add(List<NotificationDraft> drafts, TicketEventContext e, string userId, NotificationType type, string title, string message)
    {
        if (userId == e.ActorUserId)
        {
            return;
        }

        drafts.Add(new NotificationDraft(e.TicketId, userId, type, title, message.Length > 2000 ? message[..2000] : message, $"evt:{e.EventId}:{userId}"));
    }
}
