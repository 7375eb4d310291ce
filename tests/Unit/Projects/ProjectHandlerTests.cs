using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Projects.Commands.CreateAssignment;
using Ticketing.Application.Projects.Commands.CreateProject;
using Ticketing.Application.Projects.Commands.UpdateAssignment;
using Ticketing.Application.Projects.Commands.UpdateProject;
using Ticketing.Domain.Projects;

namespace Ticketing.UnitTests.Projects;

public sealed class ProjectHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly IProjectRepository _projects = Substitute.For<IProjectRepository>();
    private readonly IAuditLog _audit = Substitute.For<IAuditLog>();
    private readonly FakeTimeProvider _clock = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creating_a_project_stores_trimmed_fields_and_audits_it()
    {
        var id = await new CreateProjectHandler(_projects, _audit, _clock).Handle(
            new CreateProjectCommand("  Laptop rollout ", "  ", WorkStatus.Active, "", new DateOnly(2027, 1, 1), null), Ct);

        await _projects.Received(1).AddProjectAsync(
            Arg.Is<Project>(p => p.Id == id && p.Name == "Laptop rollout" && p.Description == null && p.OwnerId == null
                && p.Status == WorkStatus.Active && p.StartDate == new DateOnly(2027, 1, 1) && p.CreatedAt == Now && p.UpdatedAt == Now),
            Arg.Any<CancellationToken>());
        await _audit.Received(1).WriteAsync("project.create", "project", id.ToString(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Editing_a_project_audits_only_what_changed()
    {
        var project = new Project { Id = Guid.CreateVersion7(), Name = "Old name", Status = WorkStatus.Planned, CreatedAt = Now.AddDays(-1), UpdatedAt = Now.AddDays(-1) };
        _projects.FindProjectAsync(project.Id, Arg.Any<CancellationToken>()).Returns(project);
        object? details = null;
        await _audit.WriteAsync("project.update", "project", project.Id.ToString(), Arg.Do<object?>(d => details = d), Arg.Any<CancellationToken>());

        await new UpdateProjectHandler(_projects, _audit, _clock).Handle(
            new UpdateProjectCommand(project.Id, "New name", null, WorkStatus.Active, null, null, null), Ct);

        project.Name.ShouldBe("New name");
        project.Status.ShouldBe(WorkStatus.Active);
        project.UpdatedAt.ShouldBe(Now);
        await _projects.Received(1).UpdateProjectAsync(project, Arg.Any<CancellationToken>());
        JsonSerializer.Serialize(details).ShouldBe("""{"name":{"old":"Old name","new":"New name"},"status":{"old":"planned","new":"active"}}""");
    }

    [Fact]
    public async Task Saving_a_project_unchanged_stores_and_audits_nothing()
    {
        var project = new Project { Id = Guid.CreateVersion7(), Name = "Same", Status = WorkStatus.Done };
        _projects.FindProjectAsync(project.Id, Arg.Any<CancellationToken>()).Returns(project);

        await new UpdateProjectHandler(_projects, _audit, _clock).Handle(
            new UpdateProjectCommand(project.Id, "Same", null, WorkStatus.Done, null, null, null), Ct);

        await _projects.DidNotReceiveWithAnyArgs().UpdateProjectAsync(default!, Ct);
        await _audit.DidNotReceiveWithAnyArgs().WriteAsync(default!, default, default, default, Ct);
    }

    [Fact]
    public async Task Editing_an_unknown_project_is_not_found()
    {
        await Should.ThrowAsync<NotFoundException>(async () =>
            await new UpdateProjectHandler(_projects, _audit, _clock).Handle(
                new UpdateProjectCommand(Guid.CreateVersion7(), "X", null, WorkStatus.Done, null, null, null), Ct));
    }

    [Fact]
    public async Task An_assignment_due_date_is_stored_as_that_day_at_midnight_utc()
    {
        var id = await new CreateAssignmentHandler(_projects, _audit, _clock).Handle(
            new CreateAssignmentCommand("Image laptops", null, null, WorkStatus.Planned, new DateOnly(2027, 2, 3)), Ct);

        await _projects.Received(1).AddAssignmentAsync(
            Arg.Is<Assignment>(a => a.Id == id && a.DueDate == new DateTimeOffset(2027, 2, 3, 0, 0, 0, TimeSpan.Zero)),
            Arg.Any<CancellationToken>());
        await _audit.Received(1).WriteAsync("assignment.create", "assignment", id.ToString(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Editing_an_assignment_keeps_a_due_moment_on_the_same_day_and_audits_the_change()
    {
        var due = new DateTimeOffset(2027, 2, 3, 15, 30, 0, TimeSpan.Zero);
        var assignment = new Assignment { Id = Guid.CreateVersion7(), Title = "Survey", Status = WorkStatus.Active, DueDate = due };
        _projects.FindAssignmentAsync(assignment.Id, Arg.Any<CancellationToken>()).Returns(assignment);

        await new UpdateAssignmentHandler(_projects, _audit, _clock).Handle(
            new UpdateAssignmentCommand(assignment.Id, "Survey floor 3", null, null, WorkStatus.Active, new DateOnly(2027, 2, 3)), Ct);

        assignment.Title.ShouldBe("Survey floor 3");
        assignment.DueDate.ShouldBe(due);
        await _audit.Received(1).WriteAsync("assignment.update", "assignment", assignment.Id.ToString(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }
}
