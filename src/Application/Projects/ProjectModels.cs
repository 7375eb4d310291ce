using Ticketing.Domain.Projects;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Projects;

/// <summary>The two kinds of the dashboard's own work a ticket can be linked to.</summary>
public enum WorkItemKind
{
    Project,
    Assignment,
}

/// <summary>How messages and audit entries name the two kinds.</summary>
public static class WorkItemNames
{
    /// <summary>"project" or "assignment".</summary>
    public static string Of(WorkItemKind kind) => kind == WorkItemKind.Project ? "project" : "assignment";

    /// <summary>The audit log's target type of a link to this kind: its table's name.</summary>
    public static string LinkTargetType(WorkItemKind kind) =>
        kind == WorkItemKind.Project ? "ticket_project_link" : "ticket_assignment_link";
}

/// <summary>A user, as a choice of project owner or assignee.</summary>
public sealed record PersonOption(string Id, string Name);

/// <summary>A project or assignment, as a choice in a form.</summary>
public sealed record WorkItemOption(Guid Id, string Name, WorkStatus Status);

/// <summary>A project as its list and page show it.</summary>
public sealed record ProjectSummary(
    Guid Id,
    string Name,
    string? Description,
    WorkStatus Status,
    string? OwnerId,
    string? OwnerName,
    DateOnly? StartDate,
    DateOnly? EndDate,
    int LinkedTickets,
    DateTimeOffset UpdatedAt);

/// <summary>An assignment as its list and page show it.</summary>
public sealed record AssignmentSummary(
    Guid Id,
    string Title,
    Guid? ProjectId,
    string? ProjectName,
    string? AssigneeUserId,
    string? AssigneeName,
    WorkStatus Status,
    DateTimeOffset? DueDate,
    int LinkedTickets,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A ticket linked to a project or assignment, as that item's page lists it. A ticket the remote
/// has deleted keeps its links (they are history), so it is listed with <see cref="DeletedAt"/>.
/// </summary>
public sealed record LinkedTicket(
    Guid LinkId,
    Guid TicketId,
    string TicketNumber,
    string Title,
    TicketStatus Status,
    LinkType LinkType,
    DateTimeOffset? DeletedAt,
    string? LinkedBy,
    DateTimeOffset LinkedAt)
{
    public bool IsDeleted => DeletedAt is not null;
}

/// <summary>A project or assignment one ticket is linked to, as the ticket's page lists it.</summary>
public sealed record TicketWorkLink(
    Guid LinkId,
    WorkItemKind Kind,
    Guid WorkItemId,
    string Name,
    WorkStatus Status,
    LinkType LinkType,
    string? LinkedBy,
    DateTimeOffset LinkedAt);

/// <summary>The few facts about a cached ticket that linking needs.</summary>
public sealed record TicketRef(Guid Id, string TicketNumber, string Title, bool IsDeleted);

/// <summary>
/// An assignment's due date is a calendar day. It is kept in the <c>timestamptz</c> column as that
/// day's midnight UTC and read back as the UTC date, so it is the same day for every viewer
/// whatever their time zone (a moment shown in a zone west of UTC would fall on the day before).
/// </summary>
public static class AssignmentDueDate
{
    public static DateTimeOffset? ToStored(DateOnly? day) =>
        day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static DateOnly? ToDay(DateTimeOffset? stored) =>
        stored is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null;
}
