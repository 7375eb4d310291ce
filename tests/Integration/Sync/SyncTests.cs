using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.Simulator.Tickets;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;

namespace Ticketing.IntegrationTests.Sync;

[StartsFirst]
public sealed class SyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Full_sync_makes_the_cache_equal_the_remote_field_by_field_and_logs_the_run()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 1200);

        var outcome = await sync.SyncAsync(full: true);

        var result = outcome.Result.ShouldNotBeNull();
        result.Run.Status.ShouldBe(SyncStatus.Success);
        result.Inserted.ShouldBe(1200);
        result.Pages.ShouldBeGreaterThanOrEqualTo(3);
        await sync.AssertCacheEqualsRemoteAsync();

        await using var db = sync.Database.CreateDbContext();
        var log = await db.SyncLogs.SingleAsync(Ct);
        log.SyncType.ShouldBe(SyncType.Manual);
        log.Status.ShouldBe(SyncStatus.Success);
        log.RecordsProcessed.ShouldBe(1200);
        log.RecordsFailed.ShouldBe(0);
        log.CompletedAt.ShouldNotBeNull();
        var details = SyncDetails.FromJson(log.DetailsJson).ShouldNotBeNull();
        details.Mode.ShouldBe("full");
        details.Pages.ShouldBe(result.Pages);
        details.WatermarkAfter.ShouldBe(sync.Simulator.Store.Snapshot().Max(t => new DateTimeOffset(DateTime.SpecifyKind(t.UpdatedAt, DateTimeKind.Utc))));
        var config = await db.SystemConfigs.SingleAsync(Ct);
        config.LastSuccessfulSync.ShouldNotBeNull();
        config.LastFullSync.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_sync_that_writes_many_tickets_ends_by_vacuuming_the_cache_and_a_small_one_does_not()
    {
        await using var sync = await SyncSteps.StartAppAsync(
            tickets: 1200,
            settings: new Dictionary<string, string?> { ["Ticketing:Sync:VacuumAfterChangedRows"] = "1000" });

        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(1200);

        var vacuumedAt = await Eventually.WaitAsync<DateTime?>(() => LastManualVacuumAsync(sync.Database), at => at is not null, "the cache was vacuumed after 1,200 inserts");
        var snapshot = sync.Simulator.Store.Snapshot();
        sync.Simulator.Store.Update(snapshot[5].Id, new TicketPatch { Status = Optional<SimStatus>.Of(SimStatus.OnHold) }).ShouldNotBeNull();

        var small = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        small.Updated.ShouldBe(1);
        (await LastManualVacuumAsync(sync.Database)).ShouldBe(vacuumedAt, "one changed ticket is no reason to vacuum");
        await sync.AssertCacheEqualsRemoteAsync();
    }

    /// <summary>When the cache table was last vacuumed by a VACUUM command (not by autovacuum).</summary>
    private static async Task<DateTime?> LastManualVacuumAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Database
            .SqlQueryRaw<DateTime?>("SELECT last_vacuum AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'tickets_cache'")
            .SingleAsync(Ct);
    }

    [Fact]
    public async Task Incremental_sync_picks_up_creates_updates_and_deletions_and_a_full_sync_finds_nothing_more()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 300);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var store = sync.Simulator.Store;
        var snapshot = store.Snapshot();
        var created = store.Create(new NewTicketInput("Printer on fire", null, TicketPriority.Critical, "Hardware", null, null, null, null, [], "{}"), idempotencyKey: null).Ticket;
        var updated = store.Update(snapshot[10].Id, new TicketPatch { Status = Optional<SimStatus>.Of(SimStatus.OnHold), AssigneeId = Optional<string?>.Of("agt_99"), AssigneeName = Optional<string?>.Of("New Agent") })!;
        var retitled = store.Update(snapshot[11].Id, new TicketPatch { Title = Optional<string>.Of("Printer jams on tray 2"), Priority = Optional<TicketPriority>.Of(snapshot[11].Priority == TicketPriority.Low ? TicketPriority.High : TicketPriority.Low) })!;
        store.Delete(snapshot[20].Id).ShouldBeTrue();

        var incremental = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        incremental.Run.Status.ShouldBe(SyncStatus.Success);
        incremental.Inserted.ShouldBe(1);
        incremental.Updated.ShouldBe(2);
        incremental.Run.RecordsProcessed.ShouldBeLessThan(50, "an incremental sync reads only what changed since the watermark (minus the overlap)");
        await using (var db = sync.Database.CreateDbContext())
        {
            (await db.Tickets.SingleAsync(t => t.ExternalTicketId == created.Id, Ct)).Title.ShouldBe("Printer on fire");
            var cachedUpdate = await db.Tickets.SingleAsync(t => t.ExternalTicketId == updated.Id, Ct);
            cachedUpdate.Status.ShouldBe(Ticketing.Domain.Tickets.TicketStatus.OnHold);
            cachedUpdate.AssigneeId.ShouldBe("agt_99");
            (await db.Tickets.SingleAsync(t => t.ExternalTicketId == snapshot[20].Id, Ct)).DeletedAt.ShouldNotBeNull("the deletions feed brings a deletion within one incremental sync");
            var history = await db.TicketHistory.Where(h => h.TicketId == cachedUpdate.Id).Select(h => h.Field).ToListAsync(Ct);
            history.ShouldBe(["created", "status", "assignee"], ignoreOrder: true);
            var events = await db.TicketEvents.Where(e => e.TicketId == cachedUpdate.Id).Select(e => e.EventType).ToListAsync(Ct);
            events.ShouldContain(Ticketing.Domain.Tickets.TicketEventType.StatusChanged);
            events.ShouldContain(Ticketing.Domain.Tickets.TicketEventType.AssignmentChanged);
            events.ShouldNotContain(Ticketing.Domain.Tickets.TicketEventType.Updated, "a status or assignment event already tells open pages");
            var cachedRetitle = await db.Tickets.SingleAsync(t => t.ExternalTicketId == retitled.Id, Ct);
            var retitleEvents = await db.TicketEvents.Where(e => e.TicketId == cachedRetitle.Id && e.EventType != Ticketing.Domain.Tickets.TicketEventType.Created && e.EventType != Ticketing.Domain.Tickets.TicketEventType.CommentAdded)
                .Select(e => e.EventType).ToListAsync(Ct);
            retitleEvents.ShouldBe([Ticketing.Domain.Tickets.TicketEventType.Updated], "a change of title and priority alone is an event too, so open pages refresh");
        }

        incremental.Deleted.ShouldBe(1);

        var full = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        full.Deleted.ShouldBe(0, "the incremental sync already applied the only deletion");

        await sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task Changes_made_at_the_remote_while_a_sync_pages_are_not_missed()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 3000, pageSize: 100, latencyMs: 15);
        var running = Task.Run(() => sync.SyncAsync(full: true), Ct);
        await using (var db = sync.Database.CreateDbContext())
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await db.Tickets.CountAsync(Ct) < 300)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the sync should have stored its first pages");
                await Task.Delay(10, Ct);
            }
        }

        var store = sync.Simulator.Store;
        var random = new Random(3);
        var early = store.Snapshot().OrderBy(t => t.UpdatedAt).Take(200).ToList();
        foreach (var ticket in early.Take(150))
        {
            store.Update(ticket.Id, new TicketPatch { Status = Optional<SimStatus>.Of(SimStatus.InProgress), Title = Optional<string>.Of(ticket.Title + " (updated)") });
        }

        for (var i = 0; i < 20; i++)
        {
            store.CreateGenerated(random);
        }

        var outcome = await running;

        outcome.Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        await sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task A_tie_of_250_identical_updated_at_values_with_pages_of_100_misses_nothing()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 600, pageSize: 100);
        var tie = DateTime.UtcNow.AddMinutes(-30);
        sync.Simulator.Store.SetSharedUpdatedAt(250, new DateTime(tie.Ticks - (tie.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc), new Random(5)).Count.ShouldBe(250);

        var full = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        full.Inserted.ShouldBe(600);
        await sync.AssertCacheEqualsRemoteAsync();
    }

    [Fact]
    public async Task Two_concurrent_sync_requests_start_one_run()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 1500, pageSize: 100, latencyMs: 40);
        var first = Task.Run(() => sync.SyncAsync(full: true), Ct);
        await using (var db = sync.Database.CreateDbContext())
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await db.SyncLogs.AnyAsync(l => l.Status == SyncStatus.InProgress, Ct))
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the first sync should have started");
                await Task.Delay(5, Ct);
            }
        }

        var second = await sync.SyncAsync(full: true);

        second.Result.ShouldBeNull();
        var refused = second.AlreadyRunning.ShouldNotBeNull();
        refused.Started.ShouldBeFalse();
        refused.Message.ShouldStartWith("A sync is already running");
        refused.Run.ShouldNotBeNull().Status.ShouldBe(SyncStatus.InProgress);
        (await first).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        await using var check = sync.Database.CreateDbContext();
        (await check.SyncLogs.CountAsync(Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task A_run_left_in_progress_by_a_crash_is_marked_abandoned_and_the_next_run_completes()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 200);
        var crashed = new SyncLog
        {
            Id = Guid.CreateVersion7(),
            SyncType = SyncType.Scheduled,
            Status = SyncStatus.InProgress,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
            RecordsProcessed = 500,
        };
        await using (var db = sync.Database.CreateDbContext())
        {
            db.SyncLogs.Add(crashed);
            await db.SaveChangesAsync(Ct);
        }

        var next = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        next.Run.Status.ShouldBe(SyncStatus.Success);
        await using (var db = sync.Database.CreateDbContext())
        {
            var abandoned = await db.SyncLogs.SingleAsync(l => l.Id == crashed.Id, Ct);
            abandoned.Status.ShouldBe(SyncStatus.Failed);
            abandoned.ErrorMessage.ShouldNotBeNull().ShouldStartWith("Abandoned");
            abandoned.CompletedAt.ShouldNotBeNull();
            (await db.Tickets.CountAsync(Ct)).ShouldBe(200);
        }
    }

    [Fact]
    public async Task Records_the_cache_cannot_hold_are_counted_as_failed_with_the_reason_and_the_rest_is_stored()
    {
        string? victim = null;
        await using var sync = await SyncSteps.StartAppAsync(tickets: 150, configureServices: services =>
            services.AddHttpClient(nameof(ITicketingApi)).AddHttpMessageHandler(() => new StatusRewritingHandler(() => victim, "escalated")));
        victim = sync.Simulator.Store.Snapshot()[7].Id;

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        result.Run.Status.ShouldBe(SyncStatus.Partial);
        result.Run.RecordsFailed.ShouldBe(1);
        result.Run.RecordsProcessed.ShouldBe(149);
        await using var db = sync.Database.CreateDbContext();
        (await db.Tickets.AnyAsync(t => t.ExternalTicketId == victim, Ct)).ShouldBeFalse();
        var details = SyncDetails.FromJson((await db.SyncLogs.SingleAsync(Ct)).DetailsJson).ShouldNotBeNull();
        var failure = details.FailedRecords.ShouldHaveSingleItem();
        failure.Id.ShouldBe(victim);
        failure.Reason.ShouldContain("escalated");
    }

    [Fact]
    public async Task A_sync_against_an_unreachable_remote_fails_with_the_reason_and_keeps_the_cache()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 100);
        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        sync.Simulator.Faults.Current = sync.Simulator.Faults.Current with { Down = true };

        var failed = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        failed.Run.Status.ShouldBe(SyncStatus.Failed);
        failed.Run.ErrorMessage.ShouldNotBeNullOrWhiteSpace();
        await using var db = sync.Database.CreateDbContext();
        (await db.Tickets.CountAsync(t => t.DeletedAt == null, Ct)).ShouldBe(100);
        var log = await db.SyncLogs.OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
        log.Status.ShouldBe(SyncStatus.Failed);
        log.ErrorMessage.ShouldBe(failed.Run.ErrorMessage);
    }

    /// <summary>Replaces one ticket's status in list responses with a value outside the contract.</summary>
    private sealed class StatusRewritingHandler(Func<string?> ticketId, string status) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode || request.RequestUri?.AbsolutePath.EndsWith("/tickets", StringComparison.Ordinal) != true)
            {
                return response;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var ticket in body["data"]?.AsArray() ?? [])
            {
                if (ticket!["id"]!.GetValue<string>() == ticketId())
                {
                    ticket["status"] = status;
                }
            }

            response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }
}
