using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// Faults of the app's own processes: killed mid-sync, and two instances on one database. The app runs
/// as the built binary, configured by environment variables, the simulator in this process. Each fault
/// is a class of its own, so the three (each a few minutes of waiting for processes and the minutely
/// jobs) run beside each other.
/// </summary>
public static class ProcessFaultTests
{
    /// <summary>Hangfire's jobs of the scheduled sync.</summary>
    private const string ScheduledSyncJob = "invocationdata::text LIKE '%RunScheduledSync%'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A sync cut off by a crash.</summary>
    [StartsFirst]
    public sealed class KilledMidSync
    {
        /// <summary>
        /// Fault: the app process is killed (SIGKILL, whole process tree) in the middle of a full sync.
        /// The user sees: after the restart, the run marked failed as abandoned in the sync log, and "Sync
        /// now" working again. Data: the next sync completes, the cache equals the remote, no ticket twice.
        /// </summary>
        [Fact]
        public async Task A_process_killed_mid_sync_leaves_an_abandoned_row_after_restart_and_the_next_sync_completes_without_duplicates()
        {
            await using var first = await StartProcessAsync("killed", tickets: 3000, new Dictionary<string, string?> { ["Ticketing:Sync:PageSize"] = "100" });
            var simulator = first.Simulator;
            var database = first.Database;
            // Slow pages, so the kill lands mid-run.
            simulator.Faults.Current = new FaultSettings { LatencyMs = 150 };

            var outputs = new List<string>();
            using (var admin = await first.SignedInAsync(TestUser.Admin))
            {
                using var started = await admin.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/");
                started.StatusCode.ShouldBe(HttpStatusCode.Redirect);
                await Eventually.UntilAsync(
                    async () => await database.ScalarAsync<int?>("SELECT records_processed FROM ticket_sync_log WHERE status = 'in_progress'") >= 300,
                    "the sync has stored a few pages");

                first.Kill();
                outputs.Add(first.Output);
            }

            var killed = await database.ScalarAsync<Guid>("SELECT id FROM ticket_sync_log WHERE status = 'in_progress'");
            simulator.Faults.Current = FaultSettings.None;

            await using var second = await first.StartAnotherAsync();
            await using (var db = database.CreateDbContext())
            {
                var abandoned = await db.SyncLogs.AsNoTracking().SingleAsync(l => l.Id == killed, Ct);
                abandoned.Status.ShouldBe(SyncStatus.Failed);
                abandoned.ErrorMessage.ShouldNotBeNull().ShouldStartWith("Abandoned");
                abandoned.CompletedAt.ShouldNotBeNull();
            }

            using (var admin = await second.SignedInAsync(TestUser.Admin))
            {
                WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/SyncLogs")).ShouldContain("Abandoned");
                using var again = await admin.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/");
                again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            }

            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'success'") == 1,
                "the sync after the restart completes",
                TimeSpan.FromSeconds(60));
            (await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log")).ShouldBe(2);
            (await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache")).ShouldBe(3000);
            (await database.ScalarAsync<long>("SELECT count(DISTINCT external_ticket_id) FROM tickets_cache")).ShouldBe(3000);
            (await database.ScalarAsync<long>("SELECT count(*) FROM (SELECT ticket_number FROM tickets_cache GROUP BY ticket_number HAVING count(*) > 1) d")).ShouldBe(0);
            await using (var db = database.CreateDbContext())
            {
                var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).ToDictionaryAsync(t => t.ExternalTicketId, Ct);
                MirrorAssert.Equal(simulator.Store.Snapshot(), cached);
            }

            ShouldHoldNoSecret([.. outputs, second.Output], simulator);
        }
    }

    /// <summary>Two instances, each with a job server, on one database.</summary>
    [StartsFirst]
    public sealed class TwoInstances
    {
        /// <summary>
        /// Fault: two app instances (two processes, each with a job server) share one database.
        /// The user sees: one scheduled sync per interval in the sync log, "Sync now" pressed on both at
        /// once starting one run (the other says one is already running), and staying signed in when the
        /// load balancer sends them to the other instance. Data: one log row per run, one copy of each ticket.
        /// </summary>
        [Fact]
        public async Task Two_instances_on_one_database_run_each_sync_once_and_share_sign_ins()
        {
            await using var a = await StartProcessAsync(
                "twoinstances",
                tickets: 1500,
                new Dictionary<string, string?> { ["Ticketing:Remote:SyncIntervalMinutes"] = "1", ["Ticketing:Sync:PageSize"] = "100" },
                jobServer: true);
            var simulator = a.Simulator;
            var database = a.Database;
            await using var b = await a.StartAnotherAsync();

            // Sign in on A; the same cookie on B (keys shared through the database).
            using var onA = await a.SignedInAsync(TestUser.Admin);
            using var sameCookieOnB = onA.CookiesFor(b.BaseUrl);
            var html = await sameCookieOnB.GetHtmlAsync("/Tickets");
            html.ShouldContain("Sign out");

            // Manual syncs pressed on both at once: one run. Slow pages keep the first one running. When the
            // minutely scheduled sync happens to hold the lock, both presses rightly say "already running";
            // then press both again once it has finished (never more than one may start).
            using var onB = await b.SignedInAsync(TestUser.Admin);
            var started = 0;
            for (var attempt = 1; started == 0; attempt++)
            {
                attempt.ShouldBeLessThanOrEqualTo(5, "presses that found no sync running");
                await Eventually.UntilAsync(
                    async () => await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'in_progress'") == 0,
                    "no sync is running",
                    TimeSpan.FromSeconds(60));
                simulator.Faults.Current = new FaultSettings { LatencyMs = 200 };
                var answers = await Task.WhenAll(StartSyncAsync(onA), StartSyncAsync(onB));
                simulator.Faults.Current = FaultSettings.None;
                started = answers.Count(s => s);
                started.ShouldBeLessThanOrEqualTo(1, "syncs started by two simultaneous presses");
            }

            // The run writes its log row once it has started in the background, so wait for a finished row.
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'manual' AND status <> 'in_progress'") >= 1,
                "the manual sync finishes",
                TimeSpan.FromSeconds(60));
            (await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'manual'")).ShouldBe(1);
            (await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache")).ShouldBe(1500);

            // The recurring sync, every minute, with both job servers up: two occurrences, each enqueued and run once.
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'scheduled' AND status <> 'in_progress'") >= 2,
                "two scheduled syncs have run",
                TimeSpan.FromSeconds(180));
            (await database.ScalarAsync<long>($"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ticket_sync_log WHERE sync_type = 'scheduled' GROUP BY date_trunc('minute', started_at)) m"))
                .ShouldBe(1, "scheduled syncs started in one minute");
            (await database.ScalarAsync<long>($"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM hangfire.job WHERE {ScheduledSyncJob} GROUP BY date_trunc('minute', createdat)) m"))
                .ShouldBe(1, "scheduled sync jobs enqueued in one minute");
            (await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'failed'")).ShouldBe(0);
            (await database.ScalarAsync<long>("SELECT count(DISTINCT external_ticket_id) FROM tickets_cache")).ShouldBe(1500);
            ShouldHoldNoSecret([a.Output, b.Output], simulator);
        }
    }

    /// <summary>A ticket queued during an outage, and a crash before its delivery.</summary>
    [StartsFirst]
    public sealed class KilledWithAQueuedTicket
    {
        /// <summary>
        /// Fault: Championship IT is down when a ticket is filed, and the app process is killed (SIGKILL)
        /// before the queued ticket is delivered. The user sees: "queued", and the ticket under "Waiting for
        /// Championship IT" in the list. Data: after recovery a restarted instance's outbox job files it
        /// exactly once (the simulator counts one create for a form posted twice), and the list shows it.
        /// </summary>
        [Fact]
        public async Task A_ticket_queued_during_an_outage_is_filed_exactly_once_after_the_app_is_killed_and_restarted()
        {
            await using var first = await StartProcessAsync("outbox-killed", tickets: 5);
            var simulator = first.Simulator;
            var database = first.Database;
            var title = "Queued across a crash " + Guid.NewGuid().ToString("N")[..8];
            var form = new Dictionary<string, string>
            {
                ["Input.IdempotencyKey"] = Guid.NewGuid().ToString(),
                ["Input.Title"] = title,
                ["Input.Priority"] = "High",
            };
            simulator.Faults.Current = new FaultSettings { Down = true };

            var outputs = new List<string>();
            using (var staff = await first.SignedInAsync(TestUser.Admin))
            {
                using (var created = await staff.PostFormAsync("/Tickets/Create", form))
                {
                    created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
                    created.Headers.Location!.ToString().ShouldBe("/Tickets");
                }

                // The same form again (a double click, a resubmit): still one write.
                using (var again = await staff.PostFormAsync("/Tickets/Create", form))
                {
                    again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }

                using var list = await staff.GetAsync("/Tickets");
                var html = await list.Content.ReadAsStringAsync(Ct);
                html.ShouldContain("Waiting for Championship IT");
                html.ShouldContain(title);

                first.Kill();
                outputs.Add(first.Output);
            }

            (await database.ScalarAsync<long>("SELECT count(*) FROM ticket_outbox WHERE state = 'pending'")).ShouldBe(1);
            simulator.Counters.Creates.ShouldBe(0);
            simulator.Faults.Current = FaultSettings.None;

            // A restarted instance with its job server: the outbox job runs every minute.
            await using var second = await first.StartAnotherAsync(options => options with { JobServer = true });
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM ticket_outbox WHERE state = 'delivered'") == 1,
                "the restarted instance delivered the queued ticket",
                TimeSpan.FromSeconds(150));

            simulator.Counters.Creates.ShouldBe(1);
            simulator.Store.Snapshot().Count(t => t.Title == title).ShouldBe(1);
            (await database.ScalarAsync<long>($"SELECT count(*) FROM tickets_cache WHERE title = '{title}'")).ShouldBe(1);
            using var signedIn = await second.SignedInAsync(TestUser.Admin);
            using var after = await signedIn.GetAsync("/Tickets");
            (await after.Content.ReadAsStringAsync(Ct)).ShouldNotContain("Waiting for Championship IT");
            outputs.Add(second.Output);
            string.Join('\n', outputs).ShouldNotContain(simulator.ApiKey);
        }
    }

    /// <summary>The processes' own console output (Information and up) names no secret.</summary>
    private static void ShouldHoldNoSecret(IReadOnlyList<string> outputs, SimulatorHost simulator)
    {
        outputs.ShouldAllBe(output => output.Contains("Now listening on", StringComparison.Ordinal));
        foreach (var secret in new[] { simulator.ApiKey, TestApp.WebhookSecret, TestApp.WebhookSecret["whsec_".Length..], TestUser.Admin.Password! })
        {
            foreach (var output in outputs)
            {
                output.ShouldNotContain(secret, Case.Sensitive);
            }
        }
    }

    private static async Task<bool> StartSyncAsync(TestBrowser browser)
    {
        using var response = await browser.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/", json: true);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return body.GetProperty("started").GetBoolean();
    }

    /// <summary>The built app as a process of its own over a new database, with a simulator of <paramref name="tickets"/> tickets.</summary>
    private static Task<TestApp> StartProcessAsync(string purpose, int tickets, Dictionary<string, string?>? settings = null, bool jobServer = false) =>
        TestApp.StartAsync(new()
        {
            Purpose = purpose,
            Hosting = AppHosting.Process,
            Simulator = new SimulatorSettings { TicketCount = tickets, Seed = 5 },
            JobServer = jobServer,
            Settings = settings ?? new Dictionary<string, string?>(),
        });
}
