using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UnlinkTicket;
using Ticketing.Domain.Projects;

namespace Ticketing.UnitTests.Projects;

public sealed class LinkTicketHandlerTests
{
    private const string UserId = "user-7";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid ProjectId = Guid.CreateVersion7();
    private static readonly TicketRef Live = new(Guid.CreateVersion7(), "IT-000042", "VPN drops", IsDeleted: false);
    private static readonly TicketRef Deleted = new(Guid.CreateVersion7(), "IT-000043", "Old printer", IsDeleted: true);

    private readonly IProjectRepository _projects = Substitute.For<IProjectRepository>();
    private readonly ICurrentUser _user = Substitute.For<ICurrentUser>();
    private readonly IAuditLog _audit = Substitute.For<IAuditLog>();

    public LinkTicketHandlerTests()
    {
        _user.UserId.Returns(UserId);
        _projects.WorkItemExistsAsync(Arg.Any<WorkItemKind>(), ProjectId, Arg.Any<CancellationToken>()).Returns(true);
        _projects.FindTicketByNumberAsync(Live.TicketNumber, Arg.Any<CancellationToken>()).Returns(Live);
        _projects.FindTicketByNumberAsync(Deleted.TicketNumber, Arg.Any<CancellationToken>()).Returns(Deleted);
        _projects.AddProjectLinkAsync(Arg.Any<TicketProjectLink>(), Arg.Any<CancellationToken>()).Returns(true);
        _projects.AddAssignmentLinkAsync(Arg.Any<TicketAssignmentLink>(), Arg.Any<CancellationToken>()).Returns(true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LinkTicketHandler Handler => new(_projects, _user, _audit, new FakeTimeProvider(Now));

    [Fact]
    public async Task Links_the_ticket_as_the_signed_in_user_and_audits_it()
    {
        var result = await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, ProjectId, " IT-000042 ", LinkType.Blocking), Ct);

        result.TicketId.ShouldBe(Live.Id);
        result.WorkItemId.ShouldBe(ProjectId);
        await _projects.Received(1).AddProjectLinkAsync(
            Arg.Is<TicketProjectLink>(l => l.Id == result.LinkId && l.TicketId == Live.Id && l.ProjectId == ProjectId
                && l.LinkType == LinkType.Blocking && l.CreatedBy == UserId && l.CreatedAt == Now),
            Arg.Any<CancellationToken>());
        await _audit.Received(1).WriteAsync("link.create", "ticket_project_link", result.LinkId.ToString(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Links_to_an_assignment_in_its_own_table()
    {
        await Handler.Handle(new LinkTicketCommand(WorkItemKind.Assignment, ProjectId, Live.TicketNumber, LinkType.DependsOn), Ct);

        await _projects.Received(1).AddAssignmentLinkAsync(
            Arg.Is<TicketAssignmentLink>(l => l.AssignmentId == ProjectId && l.LinkType == LinkType.DependsOn),
            Arg.Any<CancellationToken>());
        await _projects.DidNotReceiveWithAnyArgs().AddProjectLinkAsync(default!, Ct);
        await _audit.Received(1).WriteAsync("link.create", "ticket_assignment_link", Arg.Any<string>(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Refuses_a_second_link_of_the_same_pair_with_a_message()
    {
        _projects.AddProjectLinkAsync(Arg.Any<TicketProjectLink>(), Arg.Any<CancellationToken>()).Returns(false);

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, ProjectId, Live.TicketNumber, LinkType.Related), Ct));

        ex.Errors[string.Empty].ShouldBe(["IT-000042 is already linked to this project."]);
        await _audit.DidNotReceiveWithAnyArgs().WriteAsync(default!, default, default, default, Ct);
    }

    [Fact]
    public async Task Refuses_a_ticket_deleted_at_the_remote()
    {
        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, ProjectId, Deleted.TicketNumber, LinkType.Related), Ct));

        ex.Errors["TicketNumber"].ShouldBe(["IT-000043 was deleted at the remote, so it cannot be linked."]);
        await _projects.DidNotReceiveWithAnyArgs().AddProjectLinkAsync(default!, Ct);
    }

    [Fact]
    public async Task Refuses_an_unknown_ticket_number()
    {
        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, ProjectId, "IT-999999", LinkType.Related), Ct));

        ex.Errors["TicketNumber"].ShouldBe(["There is no ticket IT-999999."]);
    }

    [Fact]
    public async Task Refuses_an_unknown_project()
    {
        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, Guid.CreateVersion7(), Live.TicketNumber, LinkType.Related), Ct));

        ex.Errors.Keys.ShouldBe(["WorkItemId"]);
        await _projects.DidNotReceiveWithAnyArgs().AddProjectLinkAsync(default!, Ct);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        _user.UserId.Returns((string?)null);

        await Should.ThrowAsync<ForbiddenAccessException>(async () =>
            await Handler.Handle(new LinkTicketCommand(WorkItemKind.Project, ProjectId, Live.TicketNumber, LinkType.Related), Ct));
    }

    [Fact]
    public async Task Unlinking_audits_what_the_link_joined()
    {
        var link = new TicketProjectLink { Id = Guid.CreateVersion7(), TicketId = Live.Id, ProjectId = ProjectId, LinkType = LinkType.Blocking, CreatedBy = UserId };
        _projects.RemoveProjectLinkAsync(link.Id, Arg.Any<CancellationToken>()).Returns(link);

        var result = await new UnlinkTicketHandler(_projects, _audit).Handle(new UnlinkTicketCommand(WorkItemKind.Project, link.Id), Ct);

        result.ShouldBe(new UnlinkTicketResult(Live.Id, ProjectId));
        await _audit.Received(1).WriteAsync("link.delete", "ticket_project_link", link.Id.ToString(), Arg.Any<object?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unlinking_an_unknown_link_is_not_found()
    {
        await Should.ThrowAsync<NotFoundException>(async () =>
            await new UnlinkTicketHandler(_projects, _audit).Handle(new UnlinkTicketCommand(WorkItemKind.Assignment, Guid.CreateVersion7()), Ct));

        await _audit.DidNotReceiveWithAnyArgs().WriteAsync(default!, default, default, default, Ct);
    }
}
