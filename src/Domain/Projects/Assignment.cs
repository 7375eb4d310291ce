namespace Ticketing.Domain.Projects;

/// <summary>A piece of work of the dashboard's own, optionally in a project, that tickets can be linked to.</summary>
public sealed class Assignment
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public Guid? ProjectId { get; set; }

    /// <summary>The Identity user the work is assigned to.</summary>
    public string? AssigneeUserId { get; set; }
    public WorkStatus Status { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
