using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The ticket page in words: history entries ("Status: Open → In progress", not <c>in_progress</c>),
/// where a change came from, field values for the conflict choices, and file sizes.
/// </summary>
public static class TicketPageText
{
    /// <summary>A recorded field's name as the page shows it: "Status", "Due date".</summary>
    public static string FieldName(string field) => TicketWords.FieldName(field);

    /// <summary>A value the history recorded, in words; "none" for no value.</summary>
    public static string HistoryValue(string field, string? value, UserTime time) => TicketWords.HistoryValue(field, value, time.Exact);

    /// <summary>"via a sync", "via a webhook", "made here".</summary>
    public static string Source(ChangeSource source) => TicketWords.Source(source);

    /// <summary>A field's value in a form's terms, for "keep the current value: …" / "use yours: …".</summary>
    public static string Value(TicketEditableFields fields, string field, UserTime time) => field switch
    {
        TicketEditableFields.TitleField => fields.Title ?? "none",
        TicketEditableFields.DescriptionField => Excerpt(TicketEditableFields.Body(fields.Description)) ?? "no description",
        TicketEditableFields.StatusField => TicketDisplay.Label(fields.Status),
        TicketEditableFields.PriorityField => TicketDisplay.Label(fields.Priority),
        TicketEditableFields.AssigneeField => fields.AssigneeId is null ? "Unassigned" : fields.AssigneeName ?? fields.AssigneeId,
        TicketEditableFields.CategoryField => fields.Category ?? "none",
        TicketEditableFields.DepartmentField => fields.Department ?? "none",
        TicketEditableFields.DueDateField => fields.DueDate is { } due ? time.Exact(due) : "none",
        TicketEditableFields.TagsField => TicketEditableFields.TagList(fields.Tags) is { Count: > 0 } tags ? string.Join(", ", tags) : "no tags",
        TicketEditableFields.CustomFieldsField => Excerpt(CustomFieldValues.Normalize(fields.CustomFieldsJson)) ?? "none",
        _ => "",
    };

    /// <summary>"18 KiB", "4.8 MiB": sizes as people read them.</summary>
    public static string Size(long bytes) => TicketWords.Size(bytes);

    private static string? Excerpt(string? text) =>
        text is null ? null : text.Length <= 140 ? text : text[..139] + "…";
}
