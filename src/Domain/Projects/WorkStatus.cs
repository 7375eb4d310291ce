namespace Ticketing.Domain.Projects;

/// <summary>The status of the dashboard's own work items (projects and assignments).</summary>
public enum WorkStatus
{
    Planned = 0,
    Active = 1,
    OnHold = 2,
    Done = 3,
    Cancelled = 4,
}
