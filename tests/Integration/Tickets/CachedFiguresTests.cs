using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Queries.GetTicketCharts;
using Ticketing.Application.Tickets.Queries.GetTicketKpis;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.IntegrationTests.Sync;
using Ticketing.IntegrationTests.Webhooks;
using Ticketing.Simulator.Tickets;
using SimPriority = Ticketing.Simulator.Tickets.TicketPriority;
using TicketPriority = Ticketing.Domain.Tickets.TicketPriority;
using TicketStatus = Ticketing.Domain.Tickets.TicketStatus;

namespace Ticketing.IntegrationTests.Tickets;

/// <summary>
/// The cached figures through the app's real pipeline: served from the cache while the mirror is
/// unchanged, and read again at once after any change to it, whichever way it came.
/// </summary>
public sealed class CachedFiguresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sync_that_changes_the_mirror_shows_in_the_next_cached_read_at_once()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 40);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var before = await sync.SendAsync(new GetTicketKpisQuery());
        before.TotalTickets.ShouldBe(40);
        (await sync.SendAsync(new GetTicketLookupsQuery())).Categories.ShouldNotContain("Drones");

        // Written behind the app's back: the cache does not hear of it, so the figures stay as they were.
        await using (var db = sync.Database.CreateDbContext())
        {
            db.Tickets.Add(TicketFactory.Create(TicketStatus.Open, TicketPriority.Low));
            await db.SaveChangesAsync(Ct);
        }

        (await sync.SendAsync(new GetTicketKpisQuery())).ShouldBeSameAs(before);

        var store = sync.Simulator.Store;
        var victim = store.Snapshot()[3].Id;
        store.Create(new NewTicketInput("Drone hit the server room", null, SimPriority.Critical, "Drones", null, null, null, null, [], "{}"), idempotencyKey: null);
        (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull().Inserted.ShouldBe(1);

        (await sync.SendAsync(new GetTicketKpisQuery())).TotalTickets.ShouldBe(42);
        (await sync.SendAsync(new GetTicketLookupsQuery())).Categories.ShouldContain("Drones");
        (await sync.SendAsync(new GetTicketChartsQuery())).ByCategory.ShouldContain(c => c.Label == "Drones" && c.Count == 1);

        // A full sync marks deleted what the remote no longer has (and never had).
        store.Delete(victim).ShouldBeTrue();
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Deleted.ShouldBeGreaterThan(0);

        (await sync.SendAsync(new GetTicketKpisQuery())).TotalTickets.ShouldBe(40);
    }

    [Fact]
    public async Task A_ticket_filed_through_the_app_shows_in_the_next_cached_read_at_once()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 20);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var before = await sync.SendAsync(new GetTicketKpisQuery());
        (await sync.SendAsync(new GetTicketKpisQuery())).ShouldBeSameAs(before);

        await sync.SendAsync(new CreateTicketCommand
        {
            IdempotencyKey = Guid.NewGuid(),
            Title = "Badge reader at the front door is dead",
            Priority = TicketPriority.Critical,
        });

        var after = await sync.SendAsync(new GetTicketKpisQuery());
        after.TotalTickets.ShouldBe(before.TotalTickets + 1);
        after.OpenTickets.ShouldBe(before.OpenTickets + 1);
        after.CriticalOpenTickets.ShouldBe(before.CriticalOpenTickets + 1);
    }

    [Fact]
    public async Task A_webhook_shows_in_the_next_cached_read_as_soon_as_it_is_applied()
    {
        await using var app = await TestApp.StartAsync(WebhookRequests.AppOptions("cache_webhook"));
        (await app.SendAsync(new GetTicketKpisQuery())).IsEmpty.ShouldBeTrue();
        (await app.SendAsync(new GetTicketLookupsQuery())).Categories.ShouldBeEmpty();

        using var response = await app.SendWebhookAsync(WebhookRequests.Signed(WebhookBodies.Created(WebhookBodies.NewTicketId(), DateTimeOffset.UtcNow)));
        response.IsSuccessStatusCode.ShouldBeTrue();
        await app.UntilWebhooksProcessedAsync();

        var kpis = await app.SendAsync(new GetTicketKpisQuery());
        kpis.TotalTickets.ShouldBe(1);
        kpis.OpenTickets.ShouldBe(1);
        (await app.SendAsync(new GetTicketLookupsQuery())).Categories.ShouldBe(["Network"]);
    }

    [Fact]
    public async Task A_fresh_read_sees_a_change_made_behind_the_apps_back_and_leaves_it_for_the_next_reads()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 10);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        (await sync.SendAsync(new GetTicketChartsQuery())).ByStatus.Sum(s => s.Count).ShouldBe(10);
        await using (var db = sync.Database.CreateDbContext())
        {
            await db.Tickets.Where(t => t.DeletedAt == null).OrderBy(t => t.Id).Take(1)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DeletedAt, DateTimeOffset.UtcNow), Ct);
        }

        (await sync.SendAsync(new GetTicketChartsQuery())).ByStatus.Sum(s => s.Count).ShouldBe(10);
        (await sync.SendAsync(new GetTicketChartsQuery(Fresh: true))).ByStatus.Sum(s => s.Count).ShouldBe(9);
        (await sync.SendAsync(new GetTicketChartsQuery())).ByStatus.Sum(s => s.Count).ShouldBe(9);
    }
}
