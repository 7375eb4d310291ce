using Mediator;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Projects;
using Ticketing.Application.Projects.Commands.CreateProject;
using Ticketing.Application.Projects.Commands.LinkTicket;
using Ticketing.Application.Projects.Commands.UnlinkTicket;
using Ticketing.Application.Projects.Queries.GetProjectDetails;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Commands.RenameView;
using Ticketing.Application.Views.Commands.SaveView;
using Ticketing.Application.Views.Queries.GetSavedView;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Domain.Projects;

namespace Ticketing.IntegrationTests.Projects;

/// <summary>
/// The use cases through the app's real composition (mediator, validation, repositories, audit log)
/// over a database of their own, as one user or another.
/// </summary>
public sealed class ProjectPipelineTests : IAsyncLifetime
{
    private readonly Infrastructure.Identity.ApplicationUser _alice = ProjectRepositoryTests.User("alice", "Alice");
    private readonly Infrastructure.Identity.ApplicationUser _bob = ProjectRepositoryTests.User("bob", "Bob");
    private TestApp _app = null!;
    private TestUser _user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "projects" });
        await using var db = _app.Database.CreateDbContext();
        db.Users.AddRange(_alice, _bob);
        await db.SaveChangesAsync(Ct);
        SignInAs(_alice.Id);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_second_link_of_the_same_pair_is_a_validation_error_and_each_change_is_audited()
    {
        var ticket = TicketFactory.Create();
        var deleted = TicketFactory.Create(deletedAt: DateTimeOffset.UtcNow);
        await using (var db = _app.Database.CreateDbContext())
        {
            db.Tickets.AddRange(ticket, deleted);
            await db.SaveChangesAsync(Ct);
        }

        var projectId = await SendAsync(new CreateProjectCommand("Network refresh", null, WorkStatus.Active, _alice.Id, null, null));
        var link = await SendAsync(new LinkTicketCommand(WorkItemKind.Project, projectId, ticket.TicketNumber, LinkType.Blocking));

        var duplicate = await Should.ThrowAsync<ValidationException>(() =>
            SendAsync(new LinkTicketCommand(WorkItemKind.Project, projectId, ticket.TicketNumber, LinkType.Related)));
        duplicate.Errors[string.Empty].ShouldBe([$"{ticket.TicketNumber} is already linked to this project."]);
        var gone = await Should.ThrowAsync<ValidationException>(() =>
            SendAsync(new LinkTicketCommand(WorkItemKind.Project, projectId, deleted.TicketNumber, LinkType.Related)));
        gone.Errors.Keys.ShouldBe(["TicketNumber"]);
        var empty = await Should.ThrowAsync<ValidationException>(() =>
            SendAsync(new LinkTicketCommand(WorkItemKind.Project, projectId, "", null)));
        empty.Errors.Keys.ShouldBe(["TicketNumber", "LinkType"], ignoreOrder: true);

        var details = await SendAsync(new GetProjectDetailsQuery(projectId));
        var linked = details.Tickets.ShouldHaveSingleItem();
        linked.LinkType.ShouldBe(LinkType.Blocking);
        linked.LinkedBy.ShouldBe("Alice");

        await SendAsync(new UnlinkTicketCommand(WorkItemKind.Project, link.LinkId));
        (await SendAsync(new GetProjectDetailsQuery(projectId))).Tickets.ShouldBeEmpty();

        await using var check = _app.Database.CreateDbContext();
        var audit = await check.AuditLog.OrderBy(a => a.Id).Select(a => new { a.Action, a.UserId, a.TargetId }).ToListAsync(Ct);
        audit.Select(a => a.Action).ShouldBe(["project.create", "link.create", "link.delete"]);
        audit.ShouldAllBe(a => a.UserId == _alice.Id);
        audit[1].TargetId.ShouldBe(link.LinkId.ToString());
        (await check.TicketProjectLinks.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Saved_views_are_personal_through_the_use_cases()
    {
        var alices = await SendAsync(new SaveViewCommand("Open VPN", "?status=open&q=vpn&page=3"));
        alices.QueryString.ShouldBe("status=open&q=vpn");

        SignInAs(_bob.Id);
        (await SendAsync(new GetSavedViewsQuery())).ShouldBeEmpty();
        await Should.ThrowAsync<NotFoundException>(() => SendAsync(new GetSavedViewQuery(alices.Id)));
        await Should.ThrowAsync<NotFoundException>(() => SendAsync(new RenameViewCommand(alices.Id, "Bob's now")));
        await Should.ThrowAsync<NotFoundException>(() => SendAsync(new DeleteViewCommand(alices.Id)));
        (await SendAsync(new SaveViewCommand("Open VPN", "status=open"))).Name.ShouldBe("Open VPN");

        SignInAs(_alice.Id);
        var again = await Should.ThrowAsync<ValidationException>(() => SendAsync(new SaveViewCommand("Open VPN", "status=pending")));
        again.Errors.Keys.ShouldBe(["Name"]);
        (await SendAsync(new GetSavedViewsQuery())).ShouldHaveSingleItem().Name.ShouldBe("Open VPN");
    }

    private void SignInAs(string userId) => _user = TestUser.WithId(userId);

    private Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command) => _app.SendAsync(command, _user);

    private Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query) => _app.SendAsync(query, _user);
}
