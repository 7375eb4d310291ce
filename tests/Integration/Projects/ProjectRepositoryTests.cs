using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Projects;
using Ticketing.Domain.Projects;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Projects;

namespace Ticketing.IntegrationTests.Projects;

/// <summary>Projects, assignments and ticket links against real PostgreSQL: the unique pair indexes, deleted tickets, names.</summary>
public sealed class ProjectRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly ApplicationUser _dana = User("dana", "Dana Ruiz");
    private readonly ApplicationUser _sam = User("sam", displayName: null);
    private readonly Domain.Tickets.Ticket _live = TicketFactory.Create(title: "VPN drops");
    private readonly Domain.Tickets.Ticket _deleted = TicketFactory.Create(title: "Old printer", deletedAt: Now.AddDays(-1));

    private TestDatabase _database = null!;
    private Project _project = null!;
    private Assignment _assignment = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("projects", Ct);
        _project = new Project { Id = Guid.CreateVersion7(), Name = "Network refresh", Status = WorkStatus.Active, OwnerId = _dana.Id, StartDate = new DateOnly(2027, 1, 1), CreatedAt = Now, UpdatedAt = Now };
        _assignment = new Assignment { Id = Guid.CreateVersion7(), Title = "Order switches", ProjectId = _project.Id, AssigneeUserId = _sam.Id, Status = WorkStatus.Planned, CreatedAt = Now, UpdatedAt = Now };
        await using var db = _database.CreateDbContext();
        db.Users.AddRange(_dana, _sam);
        db.Tickets.AddRange(_live, _deleted);
        db.Projects.Add(_project);
        db.Assignments.Add(_assignment);
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task One_link_per_ticket_and_project_the_second_is_refused_not_thrown()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);

        (await repository.AddProjectLinkAsync(ProjectLink(_live.Id, LinkType.Related), Ct)).ShouldBeTrue();
        (await repository.AddProjectLinkAsync(ProjectLink(_live.Id, LinkType.Blocking), Ct)).ShouldBeFalse();

        // A refused link leaves nothing behind: the same context goes on saving other links.
        (await repository.AddProjectLinkAsync(ProjectLink(_deleted.Id, LinkType.DependsOn), Ct)).ShouldBeTrue();
        await using var check = _database.CreateDbContext();
        (await check.TicketProjectLinks.Where(l => l.TicketId == _live.Id).Select(l => l.LinkType).ToListAsync(Ct)).ShouldBe([LinkType.Related]);
        (await check.TicketProjectLinks.CountAsync(Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task One_link_per_ticket_and_assignment_but_the_same_ticket_may_join_a_project_too()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);

        (await repository.AddAssignmentLinkAsync(AssignmentLink(_live.Id), Ct)).ShouldBeTrue();
        (await repository.AddAssignmentLinkAsync(AssignmentLink(_live.Id), Ct)).ShouldBeFalse();
        (await repository.AddProjectLinkAsync(ProjectLink(_live.Id, LinkType.Related), Ct)).ShouldBeTrue();

        var links = await repository.GetTicketLinksAsync(_live.Id, Ct);
        links.Select(l => (l.Kind, l.Name)).ShouldBe([(WorkItemKind.Project, "Network refresh"), (WorkItemKind.Assignment, "Order switches")]);
        links.ShouldAllBe(l => l.LinkedBy == "Dana Ruiz");
    }

    [Fact]
    public async Task A_projects_linked_tickets_include_deleted_ones_marked_as_such()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);
        await repository.AddProjectLinkAsync(ProjectLink(_live.Id, LinkType.Blocking), Ct);
        await repository.AddProjectLinkAsync(ProjectLink(_deleted.Id, LinkType.Related), Ct);

        var tickets = await repository.GetLinkedTicketsAsync(WorkItemKind.Project, _project.Id, Ct);

        tickets.Select(t => t.TicketNumber).ShouldBe([.. new[] { _live.TicketNumber, _deleted.TicketNumber }.Order(StringComparer.Ordinal)]);
        var live = tickets.Single(t => t.TicketId == _live.Id);
        live.IsDeleted.ShouldBeFalse();
        live.Title.ShouldBe("VPN drops");
        live.LinkType.ShouldBe(LinkType.Blocking);
        live.LinkedBy.ShouldBe("Dana Ruiz");
        var deleted = tickets.Single(t => t.TicketId == _deleted.Id);
        deleted.IsDeleted.ShouldBeTrue();
        deleted.DeletedAt.ShouldBe(_deleted.DeletedAt);

        var summary = (await repository.GetProjectSummaryAsync(_project.Id, Ct)).ShouldNotBeNull();
        summary.LinkedTickets.ShouldBe(2);
        summary.OwnerName.ShouldBe("Dana Ruiz");
    }

    [Fact]
    public async Task Tickets_are_found_by_number_deleted_or_not_and_typed_in_lower_case()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);
        await using (var write = _database.CreateDbContext())
        {
            var upper = TicketFactory.Create();
            upper.TicketNumber = "IT-004217";
            write.Tickets.Add(upper);
            await write.SaveChangesAsync(Ct);
        }

        (await repository.FindTicketByNumberAsync(_deleted.TicketNumber, Ct)).ShouldNotBeNull().IsDeleted.ShouldBeTrue();
        (await repository.FindTicketByNumberAsync(_live.TicketNumber, Ct)).ShouldNotBeNull().Id.ShouldBe(_live.Id);
        (await repository.FindTicketByNumberAsync("it-004217", Ct)).ShouldNotBeNull().TicketNumber.ShouldBe("IT-004217");
        (await repository.FindTicketByNumberAsync("IT-000000", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Removing_a_link_answers_what_it_joined_once()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);
        var link = ProjectLink(_live.Id, LinkType.DependsOn);
        await repository.AddProjectLinkAsync(link, Ct);

        var removed = await repository.RemoveProjectLinkAsync(link.Id, Ct);

        removed.ShouldNotBeNull().TicketId.ShouldBe(_live.Id);
        removed.ProjectId.ShouldBe(_project.Id);
        (await repository.RemoveProjectLinkAsync(link.Id, Ct)).ShouldBeNull();
        (await repository.RemoveAssignmentLinkAsync(link.Id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Summaries_name_owners_assignees_and_projects()
    {
        await using var db = _database.CreateDbContext();
        var repository = new ProjectRepository(db);

        var assignment = (await repository.ListAssignmentsAsync(_project.Id, Ct)).ShouldHaveSingleItem();
        assignment.ProjectName.ShouldBe("Network refresh");
        assignment.AssigneeName.ShouldBe("sam@test.local");
        (await repository.ListAssignmentsAsync(Guid.CreateVersion7(), Ct)).ShouldBeEmpty();
        (await repository.ListProjectsAsync(Ct)).ShouldHaveSingleItem().OwnerName.ShouldBe("Dana Ruiz");
        (await repository.ListPeopleAsync(Ct)).Select(p => p.Name).ShouldBe(["Dana Ruiz", "sam@test.local"]);
        (await repository.PersonExistsAsync(_sam.Id, Ct)).ShouldBeTrue();
        (await repository.PersonExistsAsync("nobody", Ct)).ShouldBeFalse();
        (await repository.WorkItemExistsAsync(WorkItemKind.Assignment, _assignment.Id, Ct)).ShouldBeTrue();
        (await repository.WorkItemExistsAsync(WorkItemKind.Project, _assignment.Id, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_edited_project_is_stored()
    {
        await using (var db = _database.CreateDbContext())
        {
            var repository = new ProjectRepository(db);
            var project = (await repository.FindProjectAsync(_project.Id, Ct)).ShouldNotBeNull();
            project.Name = "Network refresh 2027";
            project.EndDate = new DateOnly(2027, 6, 30);
            await repository.UpdateProjectAsync(project, Ct);
        }

        await using var check = _database.CreateDbContext();
        var stored = await check.Projects.SingleAsync(p => p.Id == _project.Id, Ct);
        stored.Name.ShouldBe("Network refresh 2027");
        stored.EndDate.ShouldBe(new DateOnly(2027, 6, 30));
    }

    private TicketProjectLink ProjectLink(Guid ticketId, LinkType type) => new()
    {
        Id = Guid.CreateVersion7(),
        TicketId = ticketId,
        ProjectId = _project.Id,
        LinkType = type,
        CreatedBy = _dana.Id,
        CreatedAt = Now,
    };

    private TicketAssignmentLink AssignmentLink(Guid ticketId) => new()
    {
        Id = Guid.CreateVersion7(),
        TicketId = ticketId,
        AssignmentId = _assignment.Id,
        LinkType = LinkType.Related,
        CreatedBy = _dana.Id,
        CreatedAt = Now,
    };

    internal static ApplicationUser User(string name, string? displayName)
    {
        var email = $"{name}@test.local";
        return new ApplicationUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = displayName,
            CreatedAt = Now,
            // As Identity sets it on creation; a sign-in's claims carry it.
            SecurityStamp = Guid.NewGuid().ToString(),
        };
    }
}
