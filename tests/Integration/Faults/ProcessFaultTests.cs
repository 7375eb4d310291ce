using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Admin;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator;
using Ticketing.Simulator.Faults;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// Faults of the app's own processes: killed mid-sync, and two instances on one database. The app runs
/// as the built binary, configured by environment variables, the simulator in this process.
/// </summary>
public sealed class ProcessFaultTests
{
    private const string AdminEmail = "process.admin@faults.example";
    private const string AdminPassword = "Process-Faults-Password1";
    private const string WebhookSecret = "whsec_cHJvY2Vzcy1mYXVsdHMtd2ViaG9vay1zZWNyZXQtMzI=";

    /// <summary>Hangfire's jobs of the scheduled sync.</summary>
    private const string ScheduledSyncJob = "invocationdata::text LIKE '%RunScheduledSync%'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Fault: the app process is killed (SIGKILL, whole process tree) in the middle of a full sync.
    /// The user sees: after the restart, the run marked failed as abandoned in the sync log, and "Sync
    /// now" working again. Data: the next sync completes, the cache equals the remote, no ticket twice.
    /// </summary>
    [Fact]
    public async Task A_process_killed_mid_sync_leaves_an_abandoned_row_after_restart_and_the_next_sync_completes_without_duplicates()
    {
        await using var simulator = await StartSimulatorAsync(tickets: 3000);
        await using var database = await TestDatabase.CreateAsync("killed", Ct);
        var environment = Environment(database, simulator, runJobServer: false);
        environment["Ticketing__Sync__PageSize"] = "100";
        // Slow pages, so the kill lands mid-run.
        simulator.Faults.Current = new FaultSettings { LatencyMs = 150 };

        var outputs = new List<string>();
        await using (var first = await AppProcess.StartWebAsync(environment))
        {
            using var admin = await SignInAsync(first.BaseUrl!);
            using var started = await admin.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/");
            started.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await Eventually.UntilAsync(
                async () => await ScalarAsync<int?>(database, "SELECT records_processed FROM ticket_sync_log WHERE status = 'in_progress'") >= 300,
                "the sync has stored a few pages");

            first.Kill();
            outputs.Add(first.Output);
        }

        var killed = await ScalarAsync<Guid>(database, "SELECT id FROM ticket_sync_log WHERE status = 'in_progress'");
        simulator.Faults.Current = FaultSettings.None;

        await using var second = await AppProcess.StartWebAsync(environment);
        await using (var db = database.CreateDbContext())
        {
            var abandoned = await db.SyncLogs.AsNoTracking().SingleAsync(l => l.Id == killed, Ct);
            abandoned.Status.ShouldBe(SyncStatus.Failed);
            abandoned.ErrorMessage.ShouldNotBeNull().ShouldStartWith("Abandoned");
            abandoned.CompletedAt.ShouldNotBeNull();
        }

        using (var admin = await SignInAsync(second.BaseUrl!))
        {
            WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/SyncLogs")).ShouldContain("Abandoned");
            using var again = await admin.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/");
            again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE status = 'success'") == 1,
            "the sync after the restart completes",
            TimeSpan.FromSeconds(60));
        (await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log")).ShouldBe(2);
        (await ScalarAsync<long>(database, "SELECT count(*) FROM tickets_cache")).ShouldBe(3000);
        (await ScalarAsync<long>(database, "SELECT count(DISTINCT external_ticket_id) FROM tickets_cache")).ShouldBe(3000);
        (await ScalarAsync<long>(database, "SELECT count(*) FROM (SELECT ticket_number FROM tickets_cache GROUP BY ticket_number HAVING count(*) > 1) d")).ShouldBe(0);
        await using (var db = database.CreateDbContext())
        {
            var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).ToDictionaryAsync(t => t.ExternalTicketId, Ct);
            MirrorAssert.Equal(simulator.Store.Snapshot(), cached);
        }

        ShouldHoldNoSecret([.. outputs, second.Output], simulator);
    }

    /// <summary>
    /// Fault: two app instances (two processes, each with a job server) share one database.
    /// The user sees: one scheduled sync per interval in the sync log, "Sync now" pressed on both at
    /// once starting one run (the other says one is already running), and staying signed in when the
    /// load balancer sends them to the other instance. Data: one log row per run, one copy of each ticket.
    /// </summary>
    [Fact]
    public async Task Two_instances_on_one_database_run_each_sync_once_and_share_sign_ins()
    {
        await using var simulator = await StartSimulatorAsync(tickets: 1500);
        await using var database = await TestDatabase.CreateAsync("twoinstances", Ct);
        var environment = Environment(database, simulator, runJobServer: true);
        environment["Ticketing__Remote__SyncIntervalMinutes"] = "1";
        environment["Ticketing__Jobs__PollIntervalSeconds"] = "1";
        environment["Ticketing__Sync__PageSize"] = "100";

        await using var a = await AppProcess.StartWebAsync(environment);
        await using var b = await AppProcess.StartWebAsync(environment);

        // Sign in on A; the same cookie on B (keys shared through the database).
        using var onA = await SignInAsync(a.BaseUrl!);
        using var sameCookieOnB = onA.CookiesFor(b.BaseUrl!);
        var html = await sameCookieOnB.GetHtmlAsync("/Tickets");
        html.ShouldContain("Sign out");

        // Manual syncs pressed on both at once: one run. Slow pages keep the first one running. When the
        // minutely scheduled sync happens to hold the lock, both presses rightly say "already running";
        // then press both again once it has finished (never more than one may start).
        using var onB = await SignInAsync(b.BaseUrl!);
        var started = 0;
        for (var attempt = 1; started == 0; attempt++)
        {
            attempt.ShouldBeLessThanOrEqualTo(5, "presses that found no sync running");
            await Eventually.UntilAsync(
                async () => await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE status = 'in_progress'") == 0,
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
            async () => await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'manual' AND status <> 'in_progress'") >= 1,
            "the manual sync finishes",
            TimeSpan.FromSeconds(60));
        (await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'manual'")).ShouldBe(1);
        (await ScalarAsync<long>(database, "SELECT count(*) FROM tickets_cache")).ShouldBe(1500);

        // The recurring sync, every minute, with both job servers up: two occurrences, each enqueued and run once.
        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'scheduled' AND status <> 'in_progress'") >= 2,
            "two scheduled syncs have run",
            TimeSpan.FromSeconds(180));
        (await ScalarAsync<long>(database, $"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ticket_sync_log WHERE sync_type = 'scheduled' GROUP BY date_trunc('minute', started_at)) m"))
            .ShouldBe(1, "scheduled syncs started in one minute");
        (await ScalarAsync<long>(database, $"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM hangfire.job WHERE {ScheduledSyncJob} GROUP BY date_trunc('minute', createdat)) m"))
            .ShouldBe(1, "scheduled sync jobs enqueued in one minute");
        (await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_sync_log WHERE status = 'failed'")).ShouldBe(0);
        (await ScalarAsync<long>(database, "SELECT count(DISTINCT external_ticket_id) FROM tickets_cache")).ShouldBe(1500);
        ShouldHoldNoSecret([a.Output, b.Output], simulator);
    }

    /// <summary>The processes' own console output (Information and up) names no secret.</summary>
    private static void ShouldHoldNoSecret(IReadOnlyList<string> outputs, SimulatorHost simulator)
    {
        outputs.ShouldAllBe(output => output.Contains("Now listening on", StringComparison.Ordinal));
        foreach (var secret in new[] { simulator.ApiKey, WebhookSecret, WebhookSecret["whsec_".Length..], AdminPassword })
        {
            foreach (var output in outputs)
            {
                output.ShouldNotContain(secret, Case.Sensitive);
            }
        }
    }

    private static async Task<bool> StartSyncAsync(AdminApp.Browser browser)
    {
        using var response = await browser.PostFormAsync("/Sync?full=true", new Dictionary<string, string>(), tokenFrom: "/", json: true);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return body.GetProperty("started").GetBoolean();
    }

    /// <summary>
    /// Fault: Championship IT is down when a ticket is filed, and the app process is killed (SIGKILL)
    /// before the queued ticket is delivered. The user sees: "queued", and the ticket under "Waiting for
    /// Championship IT" in the list. Data: after recovery a restarted instance's outbox job files it
    /// exactly once (the simulator counts one create for a form posted twice), and the list shows it.
    /// </summary>
    [Fact]
    public async Task A_ticket_queued_during_an_outage_is_filed_exactly_once_after_the_app_is_killed_and_restarted()
    {
        await using var simulator = await StartSimulatorAsync(tickets: 5);
        await using var database = await TestDatabase.CreateAsync("outbox-killed", Ct);
        var environment = Environment(database, simulator, runJobServer: false);
        var title = "Queued across a crash " + Guid.NewGuid().ToString("N")[..8];
        var form = new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Guid.NewGuid().ToString(),
            ["Input.Title"] = title,
            ["Input.Priority"] = "High",
        };
        simulator.Faults.Current = new FaultSettings { Down = true };

        var outputs = new List<string>();
        await using (var first = await AppProcess.StartWebAsync(environment))
        {
            using var staff = await SignInAsync(first.BaseUrl!);
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

        (await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_outbox WHERE state = 'pending'")).ShouldBe(1);
        simulator.Counters.Creates.ShouldBe(0);
        simulator.Faults.Current = FaultSettings.None;

        // A restarted instance with its job server: the outbox job runs every minute.
        await using var second = await AppProcess.StartWebAsync(Environment(database, simulator, runJobServer: true));
        await Eventually.UntilAsync(
            async () => await ScalarAsync<long>(database, "SELECT count(*) FROM ticket_outbox WHERE state = 'delivered'") == 1,
            "the restarted instance delivered the queued ticket",
            TimeSpan.FromSeconds(150));

        simulator.Counters.Creates.ShouldBe(1);
        simulator.Store.Snapshot().Count(t => t.Title == title).ShouldBe(1);
        (await ScalarAsync<long>(database, $"SELECT count(*) FROM tickets_cache WHERE title = '{title}'")).ShouldBe(1);
        using var signedIn = await SignInAsync(second.BaseUrl!);
        using var after = await signedIn.GetAsync("/Tickets");
        (await after.Content.ReadAsStringAsync(Ct)).ShouldNotContain("Waiting for Championship IT");
        outputs.Add(second.Output);
        string.Join('\n', outputs).ShouldNotContain(simulator.ApiKey);
    }

    private static Task<SimulatorHost> StartSimulatorAsync(int tickets) =>
        SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = tickets, Seed = 5, ApiKey = "sim-process-" + Guid.NewGuid().ToString("N") }, Ct);

    private static Dictionary<string, string> Environment(TestDatabase database, SimulatorHost simulator, bool runJobServer) => new()
    {
        ["ConnectionStrings__Ticketing"] = database.ConnectionString,
        ["Ticketing__Database__MigrateOnStartup"] = "true",
        ["Ticketing__Seed__AdminEmail"] = AdminEmail,
        ["Ticketing__Seed__AdminPassword"] = AdminPassword,
        ["Ticketing__Remote__BaseUrl"] = simulator.BaseUrl.ToString(),
        ["Ticketing__Remote__ApiKey"] = simulator.ApiKey,
        ["Ticketing__Remote__WebhookSecret"] = WebhookSecret,
        ["Ticketing__Remote__RetryBaseDelaySeconds"] = "0.05",
        ["Ticketing__Jobs__RunServer"] = runJobServer ? "true" : "false",
        ["Ticketing__Security__SignInPermitLimit"] = "1000",
        ["Logging__LogLevel__Default"] = "Information",
    };

    private static async Task<AdminApp.Browser> SignInAsync(Uri baseUrl)
    {
        var browser = new AdminApp.Browser(baseUrl);
        using var response = await browser.SignInAsync(AdminEmail, AdminPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private static async Task<T?> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is null or DBNull ? default : (T)value;
    }
}
