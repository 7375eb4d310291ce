namespace Ticketing.Domain.Projects;

/// <summary>A project of the dashboard's own that tickets can be linked to.</summary>
public sealed class Project
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public WorkStatus Status { get; set; }

    /// <summary>The Identity user who owns the project.</summary>
    public string? OwnerId { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
