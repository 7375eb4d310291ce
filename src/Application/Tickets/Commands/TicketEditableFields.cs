using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Tickets.Commands;

/// <summary>
/// The fields the dashboard edits on a ticket, as one comparable value: what the remote holds, what
/// the user asked for, and the PATCH between the two. Field names are the history's and the audit
/// log's (<c>status</c>, <c>assignee</c>, <c>due_date</c>).
/// </summary>
public sealed record TicketEditableFields(
    TicketStatus Status,
    TicketPriority Priority,
    string? AssigneeId,
    string? AssigneeName,
    string? Category,
    string? Department,
    DateTimeOffset? DueDate)
{
    public const string StatusField = "status";
    public const string PriorityField = "priority";
    public const string AssigneeField = "assignee";
    public const string CategoryField = "category";
    public const string DepartmentField = "department";
    public const string DueDateField = "due_date";

    public const int MaxTextLength = 200;
    public const int MaxAssigneeIdLength = 128;

    public static TicketEditableFields Of(Ticket ticket) => new(
        ticket.Status,
        ticket.Priority,
        ticket.AssigneeId,
        ticket.AssigneeName,
        ticket.Category,
        ticket.Department,
        ticket.DueDate);

    /// <summary>The fields whose value here differs from <paramref name="before"/>, in form order.</summary>
    public IReadOnlyList<string> ChangedFrom(TicketEditableFields before)
    {
        var changed = new List<string>();
        if (Status != before.Status)
        {
            changed.Add(StatusField);
        }

        if (Priority != before.Priority)
        {
            changed.Add(PriorityField);
        }

        // The name follows the id: an assignee renamed at the remote is not a change the user made.
        if (!string.Equals(Text(AssigneeId), Text(before.AssigneeId), StringComparison.Ordinal))
        {
            changed.Add(AssigneeField);
        }

        if (!string.Equals(Text(Category), Text(before.Category), StringComparison.Ordinal))
        {
            changed.Add(CategoryField);
        }

        if (!string.Equals(Text(Department), Text(before.Department), StringComparison.Ordinal))
        {
            changed.Add(DepartmentField);
        }

        if (!SameMinute(DueDate, before.DueDate))
        {
            changed.Add(DueDateField);
        }

        return changed;
    }

    /// <summary>The PATCH that turns <paramref name="before"/> into this: only the changed fields are set.</summary>
    public RemoteTicketUpdate PatchFrom(TicketEditableFields before)
    {
        var update = new RemoteTicketUpdate();
        foreach (var field in ChangedFrom(before))
        {
            update = field switch
            {
                StatusField => update with { Status = Status },
                PriorityField => update with { Priority = Priority },
                AssigneeField => update with { AssigneeId = Text(AssigneeId), AssigneeName = Text(AssigneeId) is null ? null : AssigneeName },
                CategoryField => update with { Category = Text(Category) },
                DepartmentField => update with { Department = Text(Department) },
                DueDateField => update with { DueDate = DueDate?.ToUniversalTime() },
                _ => update,
            };
        }

        return update;
    }

    /// <summary>
    /// <paramref name="current"/> with this record's values in <paramref name="fields"/>: a queued
    /// change applied later sets only what its author changed, over whatever the remote holds by then.
    /// </summary>
    public TicketEditableFields Over(TicketEditableFields current, IReadOnlyCollection<string> fields) =>
        current with
        {
            Status = fields.Contains(StatusField) ? Status : current.Status,
            Priority = fields.Contains(PriorityField) ? Priority : current.Priority,
            AssigneeId = fields.Contains(AssigneeField) ? AssigneeId : current.AssigneeId,
            AssigneeName = fields.Contains(AssigneeField) ? AssigneeName : current.AssigneeName,
            Category = fields.Contains(CategoryField) ? Category : current.Category,
            Department = fields.Contains(DepartmentField) ? Department : current.Department,
            DueDate = fields.Contains(DueDateField) ? DueDate : current.DueDate,
        };

    /// <summary>"status → resolved, priority → high": a change in words, for queues and notices.</summary>
    public string Describe(IEnumerable<string> fields) =>
        string.Join(", ", fields.Select(f => $"{(f == DueDateField ? "due date" : f)} → {AuditValue(f) ?? "none"}"));

    /// <summary>A field's value as the audit log records it: wire names for enums, ISO 8601 UTC for times.</summary>
    public string? AuditValue(string field) => field switch
    {
        StatusField => WireName<TicketStatus>.Of(Status),
        PriorityField => WireName<TicketPriority>.Of(Priority),
        AssigneeField => Text(AssigneeId) is { } id ? $"{AssigneeName ?? id} ({id})" : null,
        CategoryField => Text(Category),
        DepartmentField => Text(Department),
        DueDateField => DueDate?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Blank text is no value: an emptied form field clears the remote's.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The form edits due dates to the minute, so a due date the user left alone (the remote may hold
    /// seconds) must not count as changed.
    /// </summary>
    public static bool SameMinute(DateTimeOffset? a, DateTimeOffset? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.UtcTicks / TimeSpan.TicksPerMinute == y.UtcTicks / TimeSpan.TicksPerMinute,
            _ => false,
        };
}

/// <summary>
/// The remote wants an assignee's id and name together; the forms offer the assignees the cache
/// knows, by id, so the name is looked up here rather than trusted from the browser.
/// </summary>
internal static class AssigneeDirectory
{
    public const string UnknownAssigneeMessage = "Choose an assignee from the list.";

    /// <summary>The id and name for <paramref name="assigneeId"/> (null: unassigned); a validation failure on <paramref name="property"/> when unknown.</summary>
    public static async Task<(string? Id, string? Name)> ResolveAsync(
        string? assigneeId,
        Ticket? current,
        ITicketListReader lists,
        string property,
        CancellationToken cancellationToken)
    {
        if (TicketEditableFields.Text(assigneeId) is not { } id)
        {
            return (null, null);
        }

        if (current is not null && string.Equals(current.AssigneeId, id, StringComparison.Ordinal))
        {
            return (current.AssigneeId, current.AssigneeName);
        }

        var lookups = await lists.GetLookupsAsync(cancellationToken);
        var match = lookups.Assignees.FirstOrDefault(a => string.Equals(a.AssigneeId, id, StringComparison.Ordinal));
        return match is null
            ? throw new ValidationException(new Dictionary<string, string[]> { [property] = [UnknownAssigneeMessage] })
            : (match.AssigneeId, match.Name);
    }
}
