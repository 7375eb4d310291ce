using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Domain.Projects;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Seeding;

/// <summary>In demo mode, a handful of projects and assignments for tickets to link to. Idempotent.</summary>
public sealed class DemoDataSeeder(
    TicketingDbContext db,
    IOptions<SeedOptions> options,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo || await db.Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var ownerId = await db.Users.OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);

        var projects = new[]
        {
            NewProject("Network refresh 2027", "Replace core switches and Wi-Fi access points in all offices.", WorkStatus.Active, today.AddDays(-30), today.AddDays(120)),
            NewProject("Laptop fleet rollout", "New laptops for Engineering and Sales, with disk encryption.", WorkStatus.Active, today.AddDays(-10), today.AddDays(60)),
            NewProject("Identity & SSO", "Single sign-on for every internal tool; retire local accounts.", WorkStatus.Planned, today.AddDays(14), today.AddDays(180)),
            NewProject("Office move Lisbon", "Move the Lisbon office: cabling, printers, meeting rooms.", WorkStatus.OnHold, null, null),
        };
        db.Projects.AddRange(projects);

        var staff = await db.Users.OrderBy(u => u.CreatedAt).Select(u => u.Id).ToListAsync(cancellationToken);
        string? AssigneeAt(int i) => staff.Count == 0 ? null : staff[i % staff.Count];
        db.Assignments.AddRange(
            NewAssignment("Survey Wi-Fi coverage, 3rd floor", projects[0].Id, AssigneeAt(1), WorkStatus.Active, 7),
            NewAssignment("Order core switches", projects[0].Id, AssigneeAt(2), WorkStatus.Done, -3),
            NewAssignment("Image the new laptops", projects[1].Id, AssigneeAt(1), WorkStatus.Active, 10),
            NewAssignment("Pilot SSO with the Finance team", projects[2].Id, AssigneeAt(2), WorkStatus.Planned, 30),
            NewAssignment("Review printer contracts", null, AssigneeAt(0), WorkStatus.Planned, 21));

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded {Projects} demo projects and {Assignments} demo assignments", projects.Length, 5);

        Project NewProject(string name, string description, WorkStatus status, DateOnly? start, DateOnly? end) => new()
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Description = description,
            Status = status,
            OwnerId = ownerId,
            StartDate = start,
            EndDate = end,
            CreatedAt = now,
            UpdatedAt = now,
        };

        Assignment NewAssignment(string title, Guid? projectId, string? assignee, WorkStatus status, int dueInDays) => new()
        {
            Id = Guid.CreateVersion7(),
            Title = title,
            ProjectId = projectId,
            AssigneeUserId = assignee,
            Status = status,
            DueDate = now.AddDays(dueInDays),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
