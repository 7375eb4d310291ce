namespace Ticketing.Domain.Projects;

/// <summary>A ticket linked to a project (<c>ticket_project_links</c>); one link per pair.</summary>
public sealed class TicketProjectLink
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public Guid ProjectId { get; set; }
    public LinkType LinkType { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A ticket linked to an assignment (<c>ticket_assignment_links</c>); one link per pair.</summary>
public sealed class TicketAssignmentLink
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public Guid AssignmentId { get; set; }
    public LinkType LinkType { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
