using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.FollowTicket;
using Ticketing.Application.Notifications.Queries.GetFollowState;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Notifications;
using Ticketing.Infrastructure.Seeding;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Notifications;

/// <summary>
/// Issue 15's promises about notifications, against real PostgreSQL and the simulator: no flood from
/// what a sync only discovers, changes within a minute folded into one notification (once, however
/// many dispatchers run), followers, and requesters who hear of public replies but never of internal notes.
/// </summary>
public sealed class NotificationDispatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_full_sync_creates_no_notification_and_a_later_change_exactly_the_expected_ones()
    {
        await using var app = await StartAsync(tickets: 40);
        var alex = await UserIdAsync(app, IdentitySeeder.DemoStaff[0].Email);

        await app.SyncAsync(full: true);
        await DispatchAllAsync(app);

        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE event_type = 'created'")).ShouldBe(40);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE processed_at IS NULL")).ShouldBe(0);
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_notifications")).ShouldBe(0);

        Ticket ticket;
        await using (var db = app.Database.CreateDbContext())
        {
            ticket = await db.Tickets.AsNoTracking()
                .Where(t => t.AssigneeId == "agt_1" && (t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress))
                .OrderBy(t => t.TicketNumber)
                .FirstAsync(Ct);
        }

        ticket.Status = TicketStatus.Resolved;
        ticket.ResolvedAt = DateTimeOffset.UtcNow;
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);

        var notifications = await NotificationsAsync(app);
        var only = notifications.ShouldHaveSingleItem();
        only.UserId.ShouldBe(alex);
        only.NotificationType.ShouldBe(NotificationType.StatusChange);
        only.Title.ShouldBe($"{ticket.TicketNumber}: status → Resolved");
    }

    [Fact]
    public async Task Three_changes_within_a_minute_reach_a_follower_as_one_notification_once_with_two_dispatchers()
    {
        await using var app = await StartAsync(tickets: 0);
        var alex = await UserIdAsync(app, IdentitySeeder.DemoStaff[0].Email);
        var sam = await UserIdAsync(app, IdentitySeeder.DemoStaff[1].Email);
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddDays(-3));
        await UpsertAsync(app, ticket, ChangeSource.Sync);
        await DispatchAllAsync(app);
        ticket.Id = await IdOfAsync(app, ticket);
        (await app.SendAsync(new FollowTicketCommand(ticket.Id, Follow: true), TestUser.Staff)).Following.ShouldBeTrue();

        ticket.Status = TicketStatus.InProgress;
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);
        (await NotificationsAsync(app)).Where(n => n.UserId == alex).ShouldHaveSingleItem().Title.ShouldBe($"{ticket.TicketNumber}: status → In progress");

        ticket.AssigneeId = "agt_2";
        ticket.AssigneeName = "Sam Ito";
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await AddCommentAsync(app, ticket, CommentVisibility.Public, "Robin Diaz");
        await Task.WhenAll(DispatchAllAsync(app), DispatchAllAsync(app));
        await DispatchAllAsync(app);

        var notifications = await NotificationsAsync(app);
        var alexs = notifications.Where(n => n.UserId == alex).ShouldHaveSingleItem();
        alexs.Title.ShouldBe($"{ticket.TicketNumber}: status → In progress, assignee → Sam Ito, reply from Robin Diaz");
        NotificationFold.FromJson(alexs.ChangesJson).Select(c => c.Kind)
            .ShouldBe([NotificationChangeKind.Status, NotificationChangeKind.Assignee, NotificationChangeKind.Comment]);
        alexs.FoldUntil.ShouldNotBeNull();
        var sams = notifications.Where(n => n.UserId == sam).ShouldHaveSingleItem();
        sams.NotificationType.ShouldBe(NotificationType.Assignment);
        sams.Title.ShouldStartWith($"{ticket.TicketNumber}: ");
        sams.Title.ShouldContain("assignee → you");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE processed_at IS NULL")).ShouldBe(0);
    }

    [Fact]
    public async Task A_requester_hears_of_a_public_reply_but_never_of_an_internal_note()
    {
        await using var app = await StartAsync(tickets: 0);
        var dana = await CreateUserAsync(app, "dana@example.org");
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddDays(-3));
        ticket.RequesterEmail = "Dana@Example.org";
        await UpsertAsync(app, ticket, ChangeSource.Sync);
        await DispatchAllAsync(app);

        await AddCommentAsync(app, ticket, CommentVisibility.Internal, "Sam Ito");
        await DispatchAllAsync(app);
        (await NotificationsAsync(app)).Where(n => n.UserId == dana).ShouldBeEmpty();

        await AddCommentAsync(app, ticket, CommentVisibility.Public, "Sam Ito");
        await DispatchAllAsync(app);

        var danas = (await NotificationsAsync(app)).Where(n => n.UserId == dana).ShouldHaveSingleItem();
        danas.NotificationType.ShouldBe(NotificationType.Comment);
        danas.Title.ShouldBe($"{ticket.TicketNumber}: reply from Sam Ito");

        var asRequester = await app.SendAsync(new GetFollowStateQuery(await IdOfAsync(app, ticket)), TestUser.WithId(dana));
        asRequester.Following.ShouldBeTrue();
        asRequester.Reason.ShouldBe(FollowReason.Requester);
        NotificationFold.FromJson(danas.ChangesJson).ShouldHaveSingleItem().Visibility.ShouldBe(CommentVisibility.Public);
    }

    [Fact]
    public async Task A_ticket_resolved_before_a_comment_tells_nobody_of_it_but_its_reopening_is_news()
    {
        await using var app = await StartAsync(tickets: 0);
        var alex = await UserIdAsync(app, IdentitySeeder.DemoStaff[0].Email);
        var resolvedAt = DateTimeOffset.UtcNow.AddDays(-1);
        var ticket = TicketFactory.Create(TicketStatus.Resolved, TicketPriority.High, DateTimeOffset.UtcNow.AddDays(-3), resolvedAt: resolvedAt);
        ticket.AssigneeId = "agt_1";
        ticket.AssigneeName = "Alex Morgan";
        await UpsertAsync(app, ticket, ChangeSource.Sync);
        await DispatchAllAsync(app);

        await AddCommentAsync(app, ticket, CommentVisibility.Public, "Dana Ruiz");
        ticket.Priority = TicketPriority.Urgent;
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);
        (await NotificationsAsync(app)).ShouldBeEmpty();

        ticket.Status = TicketStatus.Open;
        ticket.ResolvedAt = null;
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);

        var only = (await NotificationsAsync(app)).ShouldHaveSingleItem();
        only.UserId.ShouldBe(alex);
        only.Title.ShouldBe($"{ticket.TicketNumber}: status → Open");
    }

    [Fact]
    public async Task Unfollowing_stops_a_followers_notifications_and_a_muted_assignee_still_hears_of_being_assigned()
    {
        await using var app = await StartAsync(tickets: 0);
        var alex = await UserIdAsync(app, IdentitySeeder.DemoStaff[0].Email);
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddDays(-3));
        await UpsertAsync(app, ticket, ChangeSource.Sync);
        await DispatchAllAsync(app);
        ticket.Id = await IdOfAsync(app, ticket);

        (await app.SendAsync(new FollowTicketCommand(ticket.Id, Follow: true), TestUser.Staff)).Reason.ShouldBe(FollowReason.Chosen);
        var muted = await app.SendAsync(new FollowTicketCommand(ticket.Id, Follow: false), TestUser.Staff);
        muted.Following.ShouldBeFalse();
        muted.Muted.ShouldBeFalse();
        ticket.Status = TicketStatus.InProgress;
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);
        (await NotificationsAsync(app)).ShouldBeEmpty();

        ticket.AssigneeId = "agt_1";
        ticket.AssigneeName = "Alex Morgan";
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);

        var only = (await NotificationsAsync(app)).ShouldHaveSingleItem();
        only.UserId.ShouldBe(alex);
        only.Title.ShouldBe($"{ticket.TicketNumber}: assignee → you");
        var asAssignee = await app.SendAsync(new GetFollowStateQuery(ticket.Id), TestUser.Staff);
        asAssignee.Following.ShouldBeFalse();
        asAssignee.Muted.ShouldBeTrue("the earlier unfollow still holds: only the assignment itself is told");
        var state = await app.SendAsync(new FollowTicketCommand(ticket.Id, Follow: true), TestUser.Staff);
        state.Following.ShouldBeTrue();
        state.Reason.ShouldBe(FollowReason.Assignee);
    }

    private static Task<TestApp> StartAsync(int tickets) =>
        TestApp.StartAsync(TestAppOptions.Composed(tickets) with { SeedUsers = true, Purpose = "notify" });

    private static async Task<string> UserIdAsync(TestApp app, string email) =>
        (await app.ScalarAsync<string>("SELECT id FROM users WHERE normalized_email = upper($1)", email)).ShouldNotBeNull();

    private static Task<string> CreateUserAsync(TestApp app, string email) =>
        app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Infrastructure.Identity.ApplicationUser>>();
            var user = new Infrastructure.Identity.ApplicationUser { UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
            (await users.CreateAsync(user, "A-long-enough-password-1")).Succeeded.ShouldBeTrue();
            return user.Id;
        });

    private static Task<UpsertResult> UpsertAsync(TestApp app, Ticket ticket, ChangeSource source) =>
        app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([ticket], source, DateTimeOffset.UtcNow, touchUnchanged: false, Ct));

    // The mirror gives a ticket its own id when it first stores it.
    private static async Task<Guid> IdOfAsync(TestApp app, Ticket ticket) =>
        (await app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>().FindIdAsync(ticket.ExternalTicketId, Ct))).ShouldNotBeNull();

    private static Task<bool> AddCommentAsync(TestApp app, Ticket ticket, CommentVisibility visibility, string author) =>
        app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>().AddCommentAsync(
            ticket.ExternalTicketId,
            new TicketComment
            {
                Id = Guid.CreateVersion7(),
                ExternalCommentId = $"cmt_{Guid.NewGuid():N}"[..20],
                AuthorName = author,
                Body = "A comment from a test.",
                Visibility = visibility,
                CreatedAt = DateTimeOffset.UtcNow,
            },
            ChangeSource.Webhook,
            DateTimeOffset.UtcNow,
            Ct));

    private static async Task DispatchAllAsync(TestApp app)
    {
        var dispatcher = app.Services.GetRequiredService<NotificationDispatcher>();
        while (await dispatcher.DispatchOnceAsync(Ct) > 0)
        {
        }
    }

    private static async Task<List<TicketNotification>> NotificationsAsync(TestApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return await db.Notifications.AsNoTracking().ToListAsync(Ct);
    }
}
