using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.CreateAssignment;
using Ticketing.Application.Projects.Commands.CreateProject;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UpdateProject;
using Ticketing.Domain.Projects;

namespace Ticketing.UnitTests.Projects;

public sealed class ProjectValidatorTests
{
    private const string KnownUser = "user-1";
    private static readonly Guid KnownProject = Guid.CreateVersion7();

    private readonly IProjectRepository _projects = Substitute.For<IProjectRepository>();

    public ProjectValidatorTests()
    {
        _projects.PersonExistsAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(ci => ci.Arg<string>() == KnownUser);
        _projects.WorkItemExistsAsync(WorkItemKind.Project, Arg.Any<Guid>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Guid>() == KnownProject);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CreateProjectCommand Project(
        string? name = "Network refresh",
        string? owner = null,
        DateOnly? start = null,
        DateOnly? end = null,
        WorkStatus? status = WorkStatus.Active,
        string? description = null) =>
        new(name, description, status, owner, start, end);

    [Fact]
    public async Task Accepts_a_complete_project()
    {
        var result = await new CreateProjectValidator(_projects).ValidateAsync(
            Project(owner: KnownUser, start: new DateOnly(2027, 1, 1), end: new DateOnly(2027, 1, 1)), Ct);

        result.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Requires_a_name(string? name)
    {
        var result = await new CreateProjectValidator(_projects).ValidateAsync(Project(name: name), Ct);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Enter a name.");
        result.Errors[0].PropertyName.ShouldBe("Name");
    }

    [Fact]
    public async Task Refuses_a_name_over_200_characters()
    {
        var ok = await new CreateProjectValidator(_projects).ValidateAsync(Project(name: new string('a', 200)), Ct);
        var tooLong = await new CreateProjectValidator(_projects).ValidateAsync(Project(name: new string('a', 201)), Ct);

        ok.IsValid.ShouldBeTrue();
        tooLong.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Use at most 200 characters.");
    }

    [Fact]
    public async Task Refuses_an_end_date_before_the_start_date()
    {
        var result = await new UpdateProjectValidator(_projects).ValidateAsync(
            new UpdateProjectCommand(Guid.CreateVersion7(), "P", null, WorkStatus.Planned, null, new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 1)), Ct);

        var error = result.Errors.ShouldHaveSingleItem();
        error.PropertyName.ShouldBe("EndDate");
        error.ErrorMessage.ShouldBe("The end date cannot be before the start date.");
    }

    [Fact]
    public async Task Accepts_an_end_date_without_a_start_date()
    {
        var result = await new CreateProjectValidator(_projects).ValidateAsync(Project(end: new DateOnly(2027, 3, 1)), Ct);

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Refuses_an_owner_who_is_not_a_user()
    {
        var result = await new CreateProjectValidator(_projects).ValidateAsync(Project(owner: "nobody"), Ct);

        var error = result.Errors.ShouldHaveSingleItem();
        error.PropertyName.ShouldBe("OwnerId");
        error.ErrorMessage.ShouldBe("Choose an owner from the list.");
    }

    [Fact]
    public async Task Requires_a_known_status_and_a_description_of_at_most_4000_characters()
    {
        var result = await new CreateProjectValidator(_projects).ValidateAsync(
            Project(status: (WorkStatus)42, description: new string('d', 4001)), Ct);

        result.Errors.Select(e => e.PropertyName).ShouldBe(["Description", "Status"], ignoreOrder: true);
    }

    [Fact]
    public async Task Assignment_needs_a_title_and_a_known_project_and_assignee()
    {
        var result = await new CreateAssignmentValidator(_projects).ValidateAsync(
            new CreateAssignmentCommand("", Guid.CreateVersion7(), "nobody", WorkStatus.Planned, null), Ct);

        result.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage).ShouldBe(new Dictionary<string, string>
        {
            ["Title"] = "Enter a title.",
            ["ProjectId"] = "Choose a project from the list.",
            ["AssigneeUserId"] = "Choose an assignee from the list.",
        });
    }

    [Fact]
    public async Task Assignment_without_project_or_assignee_is_fine()
    {
        var result = await new CreateAssignmentValidator(_projects).ValidateAsync(
            new CreateAssignmentCommand("Order switches", null, null, WorkStatus.Planned, new DateOnly(2027, 1, 5)), Ct);
        var inKnownProject = await new CreateAssignmentValidator(_projects).ValidateAsync(
            new CreateAssignmentCommand("Order switches", KnownProject, KnownUser, WorkStatus.Active, null), Ct);

        result.IsValid.ShouldBeTrue();
        inKnownProject.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(WorkItemKind.Project, "Choose a project.")]
    [InlineData(WorkItemKind.Assignment, "Choose an assignment.")]
    public async Task Link_needs_a_target_a_ticket_number_and_a_link_type(WorkItemKind kind, string chooseMessage)
    {
        var result = await new LinkTicketValidator().ValidateAsync(new LinkTicketCommand(kind, null, " ", null), Ct);

        result.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage).ShouldBe(new Dictionary<string, string>
        {
            ["WorkItemId"] = chooseMessage,
            ["TicketNumber"] = "Enter a ticket number.",
            ["LinkType"] = "Choose a link type.",
        });
    }

    [Fact]
    public async Task Link_accepts_a_complete_request()
    {
        var result = await new LinkTicketValidator().ValidateAsync(
            new LinkTicketCommand(WorkItemKind.Assignment, Guid.CreateVersion7(), "IT-004217", LinkType.DependsOn), Ct);

        result.IsValid.ShouldBeTrue();
    }
}
