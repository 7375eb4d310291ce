using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Notifications.Commands.MarkAllNotificationsRead;
using Ticketing.Application.Notifications.Queries.GetUnreadCount;
using Ticketing.Application.Sync.Queries.GetSyncStatus;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Commands.RenameView;
using Ticketing.Application.Views.Commands.SaveView;
using Ticketing.Application.Views.Queries.GetSavedViews;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Notifications;
using Ticketing.IntegrationTests.Projects;
using Ticketing.IntegrationTests.Sync;

namespace Ticketing.IntegrationTests.Caching;

/// <summary>
/// What every signed-in page's header and panels ask for (unread count, saved views, sync state)
/// through the app's real pipeline: served from the cache while nothing changed, per user where it is
/// personal, and read again at once after a change made through the app, whichever writer made it.
/// </summary>
public sealed class HeaderQueriesCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_unread_count_is_cached_per_user_and_evicted_for_that_user_by_every_notification_writer()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "header" });
        var alice = ProjectRepositoryTests.User("alice", "Alice");
        var bob = ProjectRepositoryTests.User("bob", "Bob");
        bob.RemoteAssigneeId = "agt_bob";
        await using (var db = app.Database.CreateDbContext())
        {
            db.Users.AddRange(alice, bob);
            await db.SaveChangesAsync(Ct);
        }

        var asAlice = TestUser.WithId(alice.Id);
        var asBob = TestUser.WithId(bob.Id);
        await InsertBehindTheAppsBackAsync(app, alice.Id, bob.Id);
        (await app.SendAsync(new GetUnreadCountQuery(), asAlice)).Value.ShouldBe(1);
        (await app.SendAsync(new GetUnreadCountQuery(), asBob)).Value.ShouldBe(1);

        // Nothing told the cache: both counts stay as they were.
        await InsertBehindTheAppsBackAsync(app, alice.Id, bob.Id);
        (await app.SendAsync(new GetUnreadCountQuery(), asAlice)).Value.ShouldBe(1);
        (await app.SendAsync(new GetUnreadCountQuery(), asBob)).Value.ShouldBe(1);

        // The repository's write evicts Alice's count, and only hers.
        await app.InScopeAsync(services => services.GetRequiredService<INotificationRepository>().AddAsync(
            new DirectNotification(alice.Id, null, NotificationType.WriteRejected, "Refused", "Championship IT refused a change.", "header-test:1"), Ct));
        (await app.SendAsync(new GetUnreadCountQuery(), asAlice)).Value.ShouldBe(3);
        (await app.SendAsync(new GetUnreadCountQuery(), asBob)).Value.ShouldBe(1);

        (await app.SendAsync(new MarkAllNotificationsReadCommand(), asAlice)).ShouldBe(3);
        (await app.SendAsync(new GetUnreadCountQuery(), asAlice)).Value.ShouldBe(0);

        // The dispatcher's notifications (a reassignment to Bob) evict Bob's.
        var ticket = TicketFactory.Create(TicketStatus.Open, TicketPriority.High, DateTimeOffset.UtcNow.AddHours(-2));
        await UpsertAsync(app, ticket, ChangeSource.Sync);
        await DispatchAllAsync(app);
        (await app.SendAsync(new GetUnreadCountQuery(), asBob)).Value.ShouldBe(1);
        ticket.AssigneeId = "agt_bob";
        ticket.AssigneeName = "Bob";
        ticket.UpdatedAt = ticket.UpdatedAt.AddMinutes(5);
        await UpsertAsync(app, ticket, ChangeSource.Webhook);
        await DispatchAllAsync(app);

        (await app.SendAsync(new GetUnreadCountQuery(), asBob)).Value.ShouldBe(3);
        (await app.SendAsync(new GetUnreadCountQuery(), asAlice)).Value.ShouldBe(0);
    }

    [Fact]
    public async Task Saved_views_are_cached_per_user_and_evicted_by_every_write_of_a_view()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 0) with { Purpose = "header" });
        var alice = ProjectRepositoryTests.User("alice", "Alice");
        var bob = ProjectRepositoryTests.User("bob", "Bob");
        await using (var db = app.Database.CreateDbContext())
        {
            db.Users.AddRange(alice, bob);
            await db.SaveChangesAsync(Ct);
        }

        var asAlice = TestUser.WithId(alice.Id);
        var asBob = TestUser.WithId(bob.Id);
        (await app.SendAsync(new GetSavedViewsQuery(), asAlice)).Views.ShouldBeEmpty();
        var bobs = await app.SendAsync(new GetSavedViewsQuery(), asBob);
        (await app.SendAsync(new GetSavedViewsQuery(), asBob)).ShouldBeSameAs(bobs);

        // A view may be shared with everyone, so any write evicts every user's list; a personal one still
        // shows only to its owner.
        var open = await app.SendAsync(new SaveViewCommand("Open", "status=open"), asAlice);
        (await app.SendAsync(new GetSavedViewsQuery(), asAlice)).Views.Select(v => v.Name).ShouldBe(["Open"]);
        var bobsAfter = await app.SendAsync(new GetSavedViewsQuery(), asBob);
        bobsAfter.ShouldNotBeSameAs(bobs);
        bobsAfter.Views.ShouldBeEmpty();

        await app.SendAsync(new RenameViewCommand(open.Id, "Open tickets"), asAlice);
        (await app.SendAsync(new GetSavedViewsQuery(), asAlice)).Views.Select(v => v.Name).ShouldBe(["Open tickets"]);

        await app.SendAsync(new DeleteViewCommand(open.Id), asAlice);
        (await app.SendAsync(new GetSavedViewsQuery(), asAlice)).Views.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_sync_state_is_cached_for_everyone_and_evicted_by_a_syncs_start_progress_and_end()
    {
        await using var app = await SyncSteps.StartAppAsync(tickets: 30, pageSize: 10);
        var alice = ProjectRepositoryTests.User("alice", "Alice");
        var bob = ProjectRepositoryTests.User("bob", "Bob");
        await using (var db = app.Database.CreateDbContext())
        {
            db.Users.AddRange(alice, bob);
            await db.SaveChangesAsync(Ct);
        }

        var asAlice = TestUser.WithId(alice.Id);
        var before = await app.SendAsync(new GetSyncStatusQuery(), asAlice);
        before.LastFinished.ShouldBeNull();
        (await app.SendAsync(new GetSyncStatusQuery(), TestUser.WithId(bob.Id))).ShouldBeSameAs(before);

        // Written behind the app's back: the cached state does not hear of it.
        await using (var db = app.Database.CreateDbContext())
        {
            db.SyncLogs.Add(new SyncLog { Id = Guid.NewGuid(), SyncType = SyncType.Scheduled, Status = SyncStatus.Failed, StartedAt = DateTimeOffset.UtcNow.AddHours(-1), CompletedAt = DateTimeOffset.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync(Ct);
        }

        (await app.SendAsync(new GetSyncStatusQuery(), asAlice)).ShouldBeSameAs(before);

        var outcome = await app.SyncAsync(full: true);
        outcome.Result.ShouldNotBeNull();

        var after = await app.SendAsync(new GetSyncStatusQuery(), asAlice);
        after.Running.ShouldBeNull();
        after.LastFinished.ShouldNotBeNull().Status.ShouldBe(SyncStatus.Success);
        after.LastFinished.RecordsProcessed.ShouldBe(30);
        after.LastSuccessfulSync.ShouldNotBeNull();
        after.RemoteUnreachable.ShouldBeFalse();
        (await app.SendAsync(new GetSyncStatusQuery(), asAlice)).ShouldBeSameAs(after);
    }

    private static async Task InsertBehindTheAppsBackAsync(TestApp app, params string[] userIds)
    {
        foreach (var userId in userIds)
        {
            await app.ExecuteAsync(
                "INSERT INTO ticket_notifications (id, ticket_id, user_id, notification_type, title, message, is_read, created_at) " +
                "VALUES (gen_random_uuid(), NULL, $1, 'comment', 'Hello', 'Behind the app', false, now())",
                userId);
        }
    }

    private static async Task UpsertAsync(TestApp app, Ticket ticket, ChangeSource source) =>
        await app.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([ticket], source, DateTimeOffset.UtcNow, touchUnchanged: false, Ct));

    private static async Task DispatchAllAsync(TestApp app)
    {
        var dispatcher = app.Services.GetRequiredService<NotificationDispatcher>();
        while (await dispatcher.DispatchOnceAsync(Ct) > 0)
        {
        }
    }
}
