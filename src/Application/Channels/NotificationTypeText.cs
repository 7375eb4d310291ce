using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Channels;

/// <summary>Notification types, statuses and priorities in words, for e-mails, chat posts and the preferences page.</summary>
public static class NotificationTypeText
{
    public static string Name(NotificationType type) => type switch
    {
        NotificationType.Assignment => "Assignment",
        NotificationType.StatusChange => "Status change",
        NotificationType.Comment => "Reply or comment",
        NotificationType.SlaBreach => "SLA breach",
        NotificationType.WriteRejected => "Change not saved",
        NotificationType.PhiBreakGlass => "Break-glass access",
        NotificationType.Escalation => "Escalation",
        NotificationType.SlaBreachLikely => "Likely to breach",
        _ => Words(type.ToString()),
    };

    public static string Description(NotificationType type) => type switch
    {
        NotificationType.Assignment => "A ticket is assigned to you.",
        NotificationType.StatusChange => "A ticket you requested or work on changes status.",
        NotificationType.Comment => "Someone replies to or comments on a ticket you requested or work on.",
        NotificationType.SlaBreach => "A ticket misses a target of its SLA policy (first response or resolution), or, when no policy covers it, passes its due date at Championship IT unresolved.",
        NotificationType.WriteRejected => "Championship IT refuses a change you made while it was unreachable.",
        NotificationType.PhiBreakGlass => "Someone without PHI access opens a health-information ticket after giving a reason (admins only).",
        NotificationType.Escalation => "An SLA escalation rule names you, your role or your ticket.",
        NotificationType.SlaBreachLikely => "A ticket you work on or follow will probably miss its resolution target, judging by similar tickets.",
        _ => $"{Words(type.ToString())} notifications.",
    };

    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.InProgress => "In progress",
        TicketStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    public static string Priority(TicketPriority priority) => priority.ToString();

    /// <summary>"SlaAtRisk" → "Sla at risk": a readable fallback for types added after this file.</summary>
    private static string Words(string pascal)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
