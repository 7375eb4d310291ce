using System.Globalization;
using Ticketing.Application.Projects;
using Ticketing.Domain.Projects;

namespace Ticketing.Web.Pages.Projects;

/// <summary>How work statuses, link types and calendar days look on the projects' and assignments' pages.</summary>
public static class WorkDisplay
{
    public static string Label(WorkStatus status) => status switch
    {
        WorkStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    public static string BadgeClass(WorkStatus status) => status switch
    {
        WorkStatus.Planned => "text-bg-light border",
        WorkStatus.Active => "text-bg-primary",
        WorkStatus.OnHold => "text-bg-warning",
        WorkStatus.Done => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Label(LinkType type) => type switch
    {
        LinkType.DependsOn => "Depends on",
        _ => type.ToString(),
    };

    public static string Label(WorkItemKind kind) => kind == WorkItemKind.Project ? "Project" : "Assignment";

    /// <summary>"27 Nov 2026", or a dash.</summary>
    public static string Day(DateOnly? day) =>
        day is { } d ? d.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "—";

    /// <summary>An assignment's due day (a calendar day, the same for every time zone).</summary>
    public static string Due(DateTimeOffset? stored) => Day(AssignmentDueDate.ToDay(stored));
}
