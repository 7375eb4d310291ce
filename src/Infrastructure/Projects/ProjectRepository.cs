using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Projects;
using Ticketing.Domain.Common;
using Ticketing.Domain.Projects;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Projects;

internal sealed class ProjectRepository(TicketingDbContext db) : IProjectRepository
{
    public async Task<IReadOnlyList<ProjectSummary>> ListProjectsAsync(CancellationToken cancellationToken) =>
        await ProjectSummaries(db.Projects.OrderBy(p => p.Name).ThenBy(p => p.Id)).ToListAsync(cancellationToken);

    public Task<ProjectSummary?> GetProjectSummaryAsync(Guid id, CancellationToken cancellationToken) =>
        ProjectSummaries(db.Projects.Where(p => p.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<Project?> FindProjectAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Projects.FindAsync([id], cancellationToken);

    public async Task AddProjectAsync(Project project, CancellationToken cancellationToken)
    {
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UpdateProjectAsync(Project project, CancellationToken cancellationToken)
    {
        db.Projects.Update(project);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AssignmentSummary>> ListAssignmentsAsync(Guid? projectId, CancellationToken cancellationToken)
    {
        var assignments = projectId is { } id ? db.Assignments.Where(a => a.ProjectId == id) : db.Assignments;
        return await AssignmentSummaries(assignments.OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate).ThenBy(a => a.Title).ThenBy(a => a.Id))
            .ToListAsync(cancellationToken);
    }

    public Task<AssignmentSummary?> GetAssignmentSummaryAsync(Guid id, CancellationToken cancellationToken) =>
        AssignmentSummaries(db.Assignments.Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);

    public async Task<Assignment?> FindAssignmentAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Assignments.FindAsync([id], cancellationToken);

    public async Task AddAssignmentAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UpdateAssignmentAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        db.Assignments.Update(assignment);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PersonOption>> ListPeopleAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName ?? u.UserName)
            .ThenBy(u => u.Id)
            .Select(u => new PersonOption(u.Id, u.DisplayName ?? u.UserName ?? u.Email ?? u.Id))
            .ToListAsync(cancellationToken);

    public Task<bool> PersonExistsAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId, cancellationToken);

    public async Task<IReadOnlyList<WorkItemOption>> ListWorkItemsAsync(WorkItemKind kind, CancellationToken cancellationToken) =>
        kind == WorkItemKind.Project
            ? await db.Projects.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Select(p => new WorkItemOption(p.Id, p.Name, p.Status)).ToListAsync(cancellationToken)
            : await db.Assignments.AsNoTracking().OrderBy(a => a.Title).ThenBy(a => a.Id)
                .Select(a => new WorkItemOption(a.Id, a.Title, a.Status)).ToListAsync(cancellationToken);

    public Task<bool> WorkItemExistsAsync(WorkItemKind kind, Guid id, CancellationToken cancellationToken) =>
        kind == WorkItemKind.Project
            ? db.Projects.AnyAsync(p => p.Id == id, cancellationToken)
            : db.Assignments.AnyAsync(a => a.Id == id, cancellationToken);

    public Task<TicketRef?> FindTicketAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tickets.AsNoTracking()
            .Where(t => t.Id == id)
            .Select(t => new TicketRef(t.Id, t.TicketNumber, t.Title, t.DeletedAt != null))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<TicketRef?> FindTicketByNumberAsync(string ticketNumber, CancellationToken cancellationToken)
    {
        // Numbers are upper case ("IT-004217"), but people type "it-4217"-ish; both forms use the unique index.
        var upper = ticketNumber.ToUpperInvariant();
        var found = await db.Tickets.AsNoTracking()
            .Where(t => t.TicketNumber == ticketNumber || t.TicketNumber == upper)
            .Select(t => new TicketRef(t.Id, t.TicketNumber, t.Title, t.DeletedAt != null))
            .ToListAsync(cancellationToken);
        return found.Find(t => t.TicketNumber == ticketNumber) ?? found.FirstOrDefault();
    }

    public async Task<IReadOnlyList<LinkedTicket>> GetLinkedTicketsAsync(WorkItemKind kind, Guid workItemId, CancellationToken cancellationToken)
    {
        var links = kind == WorkItemKind.Project
            ? db.TicketProjectLinks.Where(l => l.ProjectId == workItemId)
                .Select(l => new { l.Id, l.TicketId, l.LinkType, l.CreatedBy, l.CreatedAt })
            : db.TicketAssignmentLinks.Where(l => l.AssignmentId == workItemId)
                .Select(l => new { l.Id, l.TicketId, l.LinkType, l.CreatedBy, l.CreatedAt });

        return await (
                from l in links
                join t in db.Tickets on l.TicketId equals t.Id
                join u in db.Users on l.CreatedBy equals u.Id into creators
                from u in creators.DefaultIfEmpty()
                orderby t.TicketNumber
                select new LinkedTicket(
                    l.Id,
                    t.Id,
                    t.TicketNumber,
                    t.Title,
                    t.Status,
                    l.LinkType,
                    t.DeletedAt,
                    u == null ? null : u.DisplayName ?? u.UserName,
                    l.CreatedAt))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TicketWorkLink>> GetTicketLinksAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        var projects = await (
                from l in db.TicketProjectLinks
                where l.TicketId == ticketId
                join p in db.Projects on l.ProjectId equals p.Id
                join u in db.Users on l.CreatedBy equals u.Id into creators
                from u in creators.DefaultIfEmpty()
                orderby p.Name
                select new TicketWorkLink(l.Id, WorkItemKind.Project, p.Id, p.Name, p.Status, l.LinkType, u == null ? null : u.DisplayName ?? u.UserName, l.CreatedAt))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var assignments = await (
                from l in db.TicketAssignmentLinks
                where l.TicketId == ticketId
                join a in db.Assignments on l.AssignmentId equals a.Id
                join u in db.Users on l.CreatedBy equals u.Id into creators
                from u in creators.DefaultIfEmpty()
                orderby a.Title
                select new TicketWorkLink(l.Id, WorkItemKind.Assignment, a.Id, a.Title, a.Status, l.LinkType, u == null ? null : u.DisplayName ?? u.UserName, l.CreatedAt))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. projects, .. assignments];
    }

    // One statement each: the unique pair index decides, so a link made meanwhile by someone else
    // cannot slip between a check and the insert, and a duplicate is an answer (false), not a
    // database error that would be logged as one.
    public async Task<bool> AddProjectLinkAsync(TicketProjectLink link, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO ticket_project_links (id, ticket_id, project_id, link_type, created_by, created_at)
            VALUES ({link.Id}, {link.TicketId}, {link.ProjectId}, {WireName<LinkType>.Of(link.LinkType)}, {link.CreatedBy}, {link.CreatedAt.ToUniversalTime()})
            ON CONFLICT (ticket_id, project_id) DO NOTHING
            """,
            cancellationToken) == 1;

    public async Task<bool> AddAssignmentLinkAsync(TicketAssignmentLink link, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO ticket_assignment_links (id, ticket_id, assignment_id, link_type, created_by, created_at)
            VALUES ({link.Id}, {link.TicketId}, {link.AssignmentId}, {WireName<LinkType>.Of(link.LinkType)}, {link.CreatedBy}, {link.CreatedAt.ToUniversalTime()})
            ON CONFLICT (ticket_id, assignment_id) DO NOTHING
            """,
            cancellationToken) == 1;

    public async Task<TicketProjectLink?> RemoveProjectLinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        var link = await db.TicketProjectLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        return link is not null && await db.TicketProjectLinks.Where(l => l.Id == linkId).ExecuteDeleteAsync(cancellationToken) > 0
            ? link
            : null;
    }

    public async Task<TicketAssignmentLink?> RemoveAssignmentLinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        var link = await db.TicketAssignmentLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        return link is not null && await db.TicketAssignmentLinks.Where(l => l.Id == linkId).ExecuteDeleteAsync(cancellationToken) > 0
            ? link
            : null;
    }

    private IQueryable<ProjectSummary> ProjectSummaries(IQueryable<Project> projects) =>
        from p in projects.AsNoTracking()
        join u in db.Users on p.OwnerId equals u.Id into owners
        from o in owners.DefaultIfEmpty()
        select new ProjectSummary(
            p.Id,
            p.Name,
            p.Description,
            p.Status,
            p.OwnerId,
            o == null ? null : o.DisplayName ?? o.UserName,
            p.StartDate,
            p.EndDate,
            db.TicketProjectLinks.Count(l => l.ProjectId == p.Id),
            p.UpdatedAt);

    private IQueryable<AssignmentSummary> AssignmentSummaries(IQueryable<Assignment> assignments) =>
        from a in assignments.AsNoTracking()
        join p in db.Projects on a.ProjectId equals p.Id into inProject
        from p in inProject.DefaultIfEmpty()
        join u in db.Users on a.AssigneeUserId equals u.Id into assignees
        from u in assignees.DefaultIfEmpty()
        select new AssignmentSummary(
            a.Id,
            a.Title,
            a.ProjectId,
            p == null ? null : p.Name,
            a.AssigneeUserId,
            u == null ? null : u.DisplayName ?? u.UserName,
            a.Status,
            a.DueDate,
            db.TicketAssignmentLinks.Count(l => l.AssignmentId == a.Id),
            a.UpdatedAt);
}
