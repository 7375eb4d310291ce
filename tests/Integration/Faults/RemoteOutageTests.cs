using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>The remote down for a whole sync, and the remote flaky through a large full sync.</summary>
[StartsFirst]
public sealed class RemoteOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Fault: every request to Championship IT answers 503 for a whole (scheduled) sync.
    /// The user sees: every page still served from the cache under a "Championship IT is unreachable"
    /// banner with the reason. Data: a failed log row with the reason,
    /// the cache as it was; after recovery the next sync completes and the banner goes.
    /// </summary>
    [Fact]
    public async Task A_sync_while_the_remote_is_down_is_logged_as_failed_pages_serve_the_cache_under_a_banner_and_the_next_sync_completes()
    {
        await using var app = await TestApp.StartAsync(new() { Purpose = "remote_down" });
        (await SyncAsync(app, SyncType.Manual, full: true)).Run.Status.ShouldBe(SyncStatus.Success);
        var cached = await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
        var ticket = app.Simulator.Store.Snapshot()[0];
        var ticketCacheId = await app.ScalarAsync<Guid>("SELECT id FROM tickets_cache WHERE external_ticket_id = $1", ticket.Id);
        using var admin = await app.SignedInAsync(TestUser.Admin);

        app.Simulator.Faults.Current = new FaultSettings { Down = true };
        var failed = await SyncAsync(app, SyncType.Scheduled, full: false);

        failed.Run.Status.ShouldBe(SyncStatus.Failed);
        var reason = failed.Run.ErrorMessage.ShouldNotBeNull();
        reason.ShouldContain("503");
        await using (var db = app.Database.CreateDbContext())
        {
            var row = await db.SyncLogs.AsNoTracking().OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
            row.Status.ShouldBe(SyncStatus.Failed);
            row.ErrorMessage.ShouldBe(reason);
            row.CompletedAt.ShouldNotBeNull();
            (await db.Tickets.CountAsync(t => t.DeletedAt == null, Ct)).ShouldBe((int)cached);
        }

        string[] pages =
        [
            "/", "/Tickets", "/Tickets?size=100", $"/Tickets/Details/{ticketCacheId}", "/Tickets/Create", $"/Projects/LinkTicket/{ticketCacheId}",
            "/Projects", "/Assignments", "/Notifications", "/Views", "/Admin", "/Admin/SyncLogs", "/Admin/Monitoring", "/Admin/Users", "/Account/ChangePassword",
        ];
        foreach (var page in pages)
        {
            var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync(page));
            html.ShouldContain("Championship IT is unreachable", Case.Sensitive, page);
            html.ShouldContain(reason, Case.Sensitive, page);
        }

        WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Tickets?size=100")).ShouldContain(ticket.Title);
        WebUtility.HtmlDecode(await admin.GetHtmlAsync($"/Tickets/Details/{ticketCacheId}")).ShouldContain(ticket.Title);
        using (var export = await admin.GetAsync("/Tickets/Export"))
        {
            export.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await export.Content.ReadAsStringAsync(Ct)).ShouldContain(ticket.TicketNumber);
        }

        using (var status = await admin.GetAsync("/sync/status"))
        {
            var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(Ct)).RootElement;
            json.GetProperty("lastFinished").GetProperty("status").GetString().ShouldBe("failed");
            json.GetProperty("lastFinished").GetProperty("errorMessage").GetString().ShouldBe(reason);
        }

        app.Simulator.Faults.Current = FaultSettings.None;
        var recovered = await SyncAsync(app, SyncType.Scheduled, full: false);

        recovered.Run.Status.ShouldBe(SyncStatus.Success);
        (await admin.GetHtmlAsync("/")).ShouldNotContain("Championship IT is unreachable");
        (await app.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'failed'")).ShouldBe(1);
    }

    /// <summary>
    /// Fault: during a full sync of 10,000 tickets the remote answers 30 % of requests with a 5xx,
    /// 5 % with 429 and Retry-After: 1, and 10 % only after a 1 s latency spike.
    /// The user sees: a sync that takes longer and succeeds (a page that fails all its attempts is asked
    /// for again). Data: the cache equals the remote field by field; the log row counts the retries.
    /// </summary>
    [Fact]
    public async Task A_full_sync_of_ten_thousand_tickets_through_server_errors_429s_and_latency_spikes_mirrors_the_remote_and_counts_the_retries()
    {
        // The circuit may open under this much failure; its break is kept short so the test waits little.
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 10_000) with
        {
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Sync:PageSize"] = "500",
                ["Ticketing:Remote:CircuitBreakerBreakSeconds"] = "1",
                // A deployment's patience for a page: the circuit opening mid-run is waited out, not a failure.
                ["Ticketing:Remote:FeedPagePatienceSeconds"] = "180",
            },
        });
        sync.Simulator.Faults.Current = new FaultSettings
        {
            ErrorRate = 0.3,
            RateLimitRate = 0.05,
            RetryAfterSeconds = 1,
            LatencySpikeRate = 0.1,
            LatencySpikeMs = 1000,
        };

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        var faults = sync.Simulator.Counters.FaultsInjected;
        sync.Simulator.Faults.Current = FaultSettings.None;

        result.Run.Status.ShouldBe(SyncStatus.Success, result.Run.ErrorMessage);
        result.Run.RecordsProcessed.ShouldBe(10_000);
        faults.ShouldBeGreaterThan(0);
        result.Retries.ShouldBeGreaterThan(0);
        await using (var db = sync.Database.CreateDbContext())
        {
            var details = SyncDetails.FromJson((await db.SyncLogs.AsNoTracking().SingleAsync(Ct)).DetailsJson).ShouldNotBeNull();
            details.Retries.ShouldBe(result.Retries);
            (await db.Tickets.CountAsync(Ct)).ShouldBe(10_000);
        }

        await sync.AssertCacheEqualsRemoteAsync();
    }

    /// <summary>
    /// Fault: the remote answers 503 to every request until it has failed eight of them: the circuit opens on
    /// the first page and again on each probe after its break, so the page fails six times in a row (it used
    /// to be asked for three times). The user sees: a sync that waits and succeeds. Data: every ticket mirrored, the waits counted as
    /// retries in the log.
    /// </summary>
    [Fact]
    public async Task A_full_sync_waits_out_a_circuit_that_opens_again_and_again_and_completes()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 300) with
        {
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Sync:PageSize"] = "100",
                ["Ticketing:Remote:CircuitBreakerMinimumThroughput"] = "4",
                ["Ticketing:Remote:CircuitBreakerBreakSeconds"] = "0.5",
                ["Ticketing:Remote:FeedPagePatienceSeconds"] = "120",
            },
        });
        sync.Simulator.Faults.Current = new FaultSettings { Down = true };
        var recovery = Eventually.UntilAsync(
            () =>
            {
                if (sync.Simulator.Counters.FaultsInjected < 8)
                {
                    return false;
                }

                sync.Simulator.Faults.Current = FaultSettings.None;
                return true;
            },
            "the remote has failed eight requests",
            TimeSpan.FromMinutes(2));

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        await recovery;

        result.Run.Status.ShouldBe(SyncStatus.Success, result.Run.ErrorMessage);
        result.Run.RecordsProcessed.ShouldBe(300);
        sync.Simulator.Counters.FaultsInjected.ShouldBeGreaterThanOrEqualTo(8);
        result.Retries.ShouldBeGreaterThanOrEqualTo(8);
        await sync.AssertCacheEqualsRemoteAsync();
    }

    /// <summary>
    /// Fault: the remote down for longer than the sync's patience for a page. The sync gives up and its
    /// reason says so: how long the page was asked for, and what the remote answered.
    /// </summary>
    [Fact]
    public async Task A_sync_gives_up_on_a_remote_that_stays_down_past_the_patience_and_says_for_how_long_it_asked()
    {
        await using var sync = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 20) with
        {
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Remote:CircuitBreakerMinimumThroughput"] = "4",
                ["Ticketing:Remote:CircuitBreakerBreakSeconds"] = "0.5",
                ["Ticketing:Remote:FeedPagePatienceSeconds"] = "5",
            },
        });
        sync.Simulator.Faults.Current = new FaultSettings { Down = true };

        var result = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        result.Run.Status.ShouldBe(SyncStatus.Failed);
        var reason = result.Run.ErrorMessage.ShouldNotBeNull();
        reason.ShouldStartWith("Change stream: Championship IT kept failing page 1 for ");
        reason.ShouldContain("a page is asked for up to 5 s");
        reason.ShouldContain("503");
        sync.Simulator.Counters.FaultsInjected.ShouldBeGreaterThan(5, "the page was asked for again after the circuit opened");
    }

    private static async Task<SyncRunResult> SyncAsync(TestApp app, SyncType type, bool full) =>
        (await app.SyncAsync(full, type)).Result.ShouldNotBeNull();
}
