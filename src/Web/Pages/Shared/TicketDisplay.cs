using Ticketing.Domain.Tickets;

namespace Ticketing.Web.Pages.Shared;

/// <summary>How statuses and priorities look: readable text first, colour only as a second cue.</summary>
public static class TicketDisplay
{
    public static string Label(TicketStatus status) => status switch
    {
        TicketStatus.InProgress => "In progress",
        TicketStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    public static string Label(TicketPriority priority) => priority.ToString();

    public static string BadgeClass(TicketStatus status) => status switch
    {
        TicketStatus.Open => "text-bg-primary",
        TicketStatus.InProgress => "text-bg-info",
        TicketStatus.Pending => "text-bg-warning",
        TicketStatus.OnHold => "text-bg-secondary",
        TicketStatus.Resolved => "text-bg-success",
        TicketStatus.Closed => "text-bg-dark",
        _ => "text-bg-light border",
    };

    public static string BadgeClass(TicketPriority priority) => priority switch
    {
        TicketPriority.Critical => "text-bg-danger",
        TicketPriority.Urgent => "bg-danger-subtle text-danger-emphasis border border-danger-subtle",
        TicketPriority.High => "text-bg-warning",
        TicketPriority.Medium => "bg-info-subtle text-info-emphasis border border-info-subtle",
        _ => "bg-light text-body border",
    };
}
