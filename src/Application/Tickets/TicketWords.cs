using System.Globalization;
using Ticketing.Application.Channels;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets;

/// <summary>
/// A ticket's history and files in words, shared by the ticket page and its PDF so both say the same:
/// "Status: Open → In progress", not <c>in_progress</c>.
/// </summary>
public static class TicketWords
{
    /// <summary>A recorded field's name: "Status", "Due date".</summary>
    public static string FieldName(string field) => field switch
    {
        TicketEditableFields.DueDateField => "Due date",
        TicketEditableFields.CustomFieldsField => "Custom fields",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(field.Replace('_', ' ')),
    };

    /// <summary>A value the history recorded, in words; "none" for no value. <paramref name="exact"/> writes a time in the reader's zone.</summary>
    public static string HistoryValue(string field, string? value, Func<DateTimeOffset, string> exact)
    {
        ArgumentNullException.ThrowIfNull(exact);
        if (string.IsNullOrWhiteSpace(value))
        {
            return "none";
        }

        return field switch
        {
            TicketEditableFields.StatusField when WireName<TicketStatus>.TryParse(value, out var status) => NotificationTypeText.Status(status),
            TicketEditableFields.PriorityField when WireName<TicketPriority>.TryParse(value, out var priority) => NotificationTypeText.Priority(priority),
            TicketEditableFields.DueDateField when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due) => exact(due),
            _ => value,
        };
    }

    /// <summary>"via sync", "via webhook", "via this dashboard".</summary>
    public static string Source(ChangeSource source) => source switch
    {
        ChangeSource.Sync => "via sync",
        ChangeSource.Webhook => "via webhook",
        _ => "via this dashboard",
    };

    /// <summary>"18 KiB", "4.8 MiB": sizes as people read them.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{Math.Max(1, bytes / 1024.0):0} KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
