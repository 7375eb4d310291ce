using Ticketing.Application.Projects;
using Ticketing.Domain.Projects;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The dashboard's own projects and assignments, and the tickets linked to them.</summary>
public interface IProjectRepository
{
    /// <summary>Every project, by name, with its owner's name and how many tickets are linked.</summary>
    Task<IReadOnlyList<ProjectSummary>> ListProjectsAsync(CancellationToken cancellationToken);

    Task<ProjectSummary?> GetProjectSummaryAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The project itself, to change and pass back to <see cref="UpdateProjectAsync"/>.</summary>
    Task<Project?> FindProjectAsync(Guid id, CancellationToken cancellationToken);

    Task AddProjectAsync(Project project, CancellationToken cancellationToken);

    Task UpdateProjectAsync(Project project, CancellationToken cancellationToken);

    /// <summary>Assignments (of one project, or all when <paramref name="projectId"/> is null), by due date then title.</summary>
    Task<IReadOnlyList<AssignmentSummary>> ListAssignmentsAsync(Guid? projectId, CancellationToken cancellationToken);

    Task<AssignmentSummary?> GetAssignmentSummaryAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The assignment itself, to change and pass back to <see cref="UpdateAssignmentAsync"/>.</summary>
    Task<Assignment?> FindAssignmentAsync(Guid id, CancellationToken cancellationToken);

    Task AddAssignmentAsync(Assignment assignment, CancellationToken cancellationToken);

    Task UpdateAssignmentAsync(Assignment assignment, CancellationToken cancellationToken);

    /// <summary>The users who can own a project or take an assignment, by name.</summary>
    Task<IReadOnlyList<PersonOption>> ListPeopleAsync(CancellationToken cancellationToken);

    Task<bool> PersonExistsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Every project or every assignment, by name, for a "link to" or "in project" choice.</summary>
    Task<IReadOnlyList<WorkItemOption>> ListWorkItemsAsync(WorkItemKind kind, CancellationToken cancellationToken);

    Task<bool> WorkItemExistsAsync(WorkItemKind kind, Guid id, CancellationToken cancellationToken);

    /// <summary>A cached ticket by id, deleted or not.</summary>
    Task<TicketRef?> FindTicketAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A cached ticket by its number (as typed, or upper-cased), deleted or not.</summary>
    Task<TicketRef?> FindTicketByNumberAsync(string ticketNumber, CancellationToken cancellationToken);

    /// <summary>The tickets linked to one project or assignment, deleted ones included, by ticket number.</summary>
    Task<IReadOnlyList<LinkedTicket>> GetLinkedTicketsAsync(WorkItemKind kind, Guid workItemId, CancellationToken cancellationToken);

    /// <summary>The projects and assignments one ticket is linked to, projects first, by name.</summary>
    Task<IReadOnlyList<TicketWorkLink>> GetTicketLinksAsync(Guid ticketId, CancellationToken cancellationToken);

    /// <summary>Stores a link; false when this ticket is already linked to this project.</summary>
    Task<bool> AddProjectLinkAsync(TicketProjectLink link, CancellationToken cancellationToken);

    /// <summary>Stores a link; false when this ticket is already linked to this assignment.</summary>
    Task<bool> AddAssignmentLinkAsync(TicketAssignmentLink link, CancellationToken cancellationToken);

    /// <summary>Deletes a link and returns what it was; null when there is no such link.</summary>
    Task<TicketProjectLink?> RemoveProjectLinkAsync(Guid linkId, CancellationToken cancellationToken);

    /// <summary>Deletes a link and returns what it was; null when there is no such link.</summary>
    Task<TicketAssignmentLink?> RemoveAssignmentLinkAsync(Guid linkId, CancellationToken cancellationToken);
}
