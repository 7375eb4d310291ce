using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Shouldly;
using Ticketing.IntegrationTests.Hosting;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Simulator;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Faults;

/// <summary>
/// Issue 14's soak: the app as a real process, the 1.1 simulator churning (updates, creations, deletions,
/// comments, attachments, fresh tie groups larger than a page) with webhooks dropped, duplicated and
/// reordered, HTTP faults (5xx, 429 with Retry-After, slow answers, cut connections), syncs one after
/// another and the process killed in the middle of full syncs. All along, a watcher checks that every
/// deletion in the mirror is a deletion at the remote; at the end one incremental sync must make the
/// mirror equal to the remote (tickets, deletions, comments and attachments), and a full sync too.
/// The short form (here, in the suite) runs about 20 s of churn; <c>scripts/soak.sh --minutes N</c> runs
/// the long form (<c>TICKETING_SOAK_MINUTES</c>) and writes its figures (<c>TICKETING_SOAK_REPORT</c>).
/// </summary>
[StartsFirst]
public sealed class MirrorSoakTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int MaxKillAttempts = 5;

    [Fact]
    public async Task Under_churn_lost_repeated_and_reordered_webhooks_http_faults_and_kills_no_live_ticket_is_ever_marked_deleted_and_one_sync_makes_the_mirror_exact()
    {
        var plan = SoakPlan.FromEnvironment();
        var figures = new SoakFigures(plan);
        var total = Stopwatch.StartNew();
        await using var first = await TestApp.StartAsync(new TestAppOptions
        {
            Purpose = "soak",
            Hosting = AppHosting.Process,
            Simulator = new SimulatorSettings
            {
                TicketCount = plan.Tickets,
                Seed = plan.Seed,
                WebhookRetryBaseDelay = TimeSpan.FromMilliseconds(200),
                WebhookMaxAttempts = 5,
                WebhookAttemptTimeout = TimeSpan.FromSeconds(5),
            },
            Settings = new Dictionary<string, string?>
            {
                ["Ticketing:Sync:PageSize"] = "50",
                // One sync may read the comments and attachments of every changed ticket: the promise is
                // "after one incremental sync", and the soak changes more tickets than the default budget.
                ["Ticketing:Sync:CommentTicketsPerRun"] = "100000",
                ["Ticketing:Remote:AttemptTimeoutSeconds"] = "5",
            },
        });
        var simulator = first.Simulator;
        var database = first.Database;
        await using var operatorLoop = new Operator(first, figures, output);
        await operatorLoop.ConnectAsync(first);

        (await operatorLoop.SyncAsync(full: true)).ShouldBe("success", "the first full sync, before any fault");

        using var stop = new CancellationTokenSource();
        var watcher = WatchAsync(database, simulator, figures, stop.Token);
        simulator.Faults.Current = new FaultSettings
        {
            ErrorRate = 0.03,
            RateLimitRate = 0.02,
            RetryAfterSeconds = 1,
            LatencySpikeRate = 0.05,
            LatencySpikeMs = 300,
            ResetRate = 0.02,
        };
        simulator.Webhooks.Faults = new WebhookFaultSettings { DropRate = 0.15, DuplicateRate = 0.10, ReorderRate = 0.10, ReorderDelayMs = 800 };
        var churn = ChurnAsync(simulator, plan, figures, stop.Token);

        var deadline = Stopwatch.StartNew();
        var nextKill = plan.FirstKillAfter;
        var round = 0;

        // On a loaded machine the churn's time can pass with every kill tried too late (the full sync already over)
        // or none tried yet; the soak goes on until one kill mid full sync happened, a few attempts at most.
        while (deadline.Elapsed < plan.Churn || (figures.Kills == 0 && figures.KillAttempts < MaxKillAttempts))
        {
            round++;
            if (deadline.Elapsed >= nextKill)
            {
                if (await operatorLoop.KillMidFullSyncAsync())
                {
                    nextKill = deadline.Elapsed + plan.KillEvery;
                }

                continue;
            }

            await operatorLoop.SyncAsync(full: round % 4 == 0);
        }

        await stop.CancelAsync();
        await churn;
        await watcher;
        figures.Kills.ShouldBeGreaterThanOrEqualTo(1, "the app was killed in the middle of a full sync");

        // Quiet: the remote stops changing, the faults stop, the webhooks in flight land.
        simulator.Faults.Current = FaultSettings.None;
        simulator.Webhooks.Faults = WebhookFaultSettings.None;
        await Eventually.UntilAsync(() => simulator.Webhooks.Pending == 0, "the simulator has no webhook left to send", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(
            async () => await database.ScalarAsync<long>("SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL") == 0,
            "the app has applied every webhook it accepted",
            TimeSpan.FromSeconds(60));
        figures.Capture(simulator);

        var incremental = await operatorLoop.SyncAsync(full: false);
        figures.FinalIncremental = incremental;
        await CheckAsync(database, simulator, figures);
        incremental.ShouldBe("success");
        await SimulatorMirror.AssertTicketsEqualAsync(database, simulator);
        await SimulatorMirror.AssertActivityEqualAsync(database, simulator);
        figures.EqualAfterIncremental = true;

        var full = await operatorLoop.SyncAsync(full: true);
        figures.FinalFull = full;
        await CheckAsync(database, simulator, figures);
        full.ShouldBe("success");
        await SimulatorMirror.AssertTicketsEqualAsync(database, simulator);
        await SimulatorMirror.AssertActivityEqualAsync(database, simulator);
        figures.EqualAfterFull = true;

        await figures.CountMirrorAsync(database);
        figures.Elapsed = total.Elapsed;
        var report = figures.ToMarkdown();
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("TICKETING_SOAK_REPORT") is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, report, Ct);
        }

        figures.LiveMarkedDeleted.ShouldBeEmpty();
    }

    /// <summary>The continuous check: every few hundred milliseconds, every deletion in the mirror must be one at the remote.</summary>
    private static async Task WatchAsync(TestDatabase database, SimulatorHost simulator, SoakFigures figures, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await CheckAsync(database, simulator, figures);
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task CheckAsync(TestDatabase database, SimulatorHost simulator, SoakFigures figures)
    {
        foreach (var id in await SimulatorMirror.LiveTicketsMarkedDeletedAsync(database, simulator))
        {
            figures.LiveMarkedDeleted.TryAdd(id, DateTimeOffset.UtcNow);
        }

        figures.CountCheck();
    }

    /// <summary>The remote's own life: its seeded mix of changes, and now and then a bulk edit (a new tie group larger than a page).</summary>
    private static async Task ChurnAsync(SimulatorHost simulator, SoakPlan plan, SoakFigures figures, CancellationToken stop)
    {
        var random = new Random(plan.Seed);
        var sinceTieGroup = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            foreach (var change in simulator.Churn.Apply(plan.ChangesPerTick))
            {
                figures.Changes.AddOrUpdate(change.Kind, 1, (_, n) => n + 1);
            }

            if (sinceTieGroup.Elapsed > plan.TieGroupEvery)
            {
                var latest = simulator.Store.Snapshot().Max(t => t.UpdatedAt);
                var at = (latest > DateTime.UtcNow ? latest : DateTime.UtcNow).AddMilliseconds(5);
                at = new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
                figures.TieGroupTickets += simulator.Store.SetSharedUpdatedAt(random.Next(80, 160), at, random).Count;
                figures.TieGroups++;
                sinceTieGroup.Restart();
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>How long and how hard: the short form by default, the long form from <c>TICKETING_SOAK_MINUTES</c>.</summary>
    internal sealed record SoakPlan(TimeSpan Churn, int Tickets, int ChangesPerTick, TimeSpan FirstKillAfter, TimeSpan KillEvery, TimeSpan TieGroupEvery, int Seed)
    {
        public static SoakPlan FromEnvironment()
        {
            var seed = int.TryParse(Environment.GetEnvironmentVariable("TICKETING_SOAK_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261206;
            return double.TryParse(Environment.GetEnvironmentVariable("TICKETING_SOAK_MINUTES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
                ? new SoakPlan(TimeSpan.FromMinutes(minutes), Tickets: 2000, ChangesPerTick: 3, FirstKillAfter: TimeSpan.FromSeconds(20), KillEvery: TimeSpan.FromSeconds(40), TieGroupEvery: TimeSpan.FromSeconds(15), seed)
                : new SoakPlan(TimeSpan.FromSeconds(20), Tickets: 300, ChangesPerTick: 3, FirstKillAfter: TimeSpan.FromSeconds(6), KillEvery: TimeSpan.FromMinutes(10), TieGroupEvery: TimeSpan.FromSeconds(7), seed);
        }

        public bool IsLong => Churn > TimeSpan.FromMinutes(1);
    }

    /// <summary>What the soak did and found, for the test output and <c>docs/reliability.md</c>.</summary>
    internal sealed class SoakFigures(SoakPlan plan)
    {
        private long _checks;

        public long Checks => Interlocked.Read(ref _checks);

        public SoakPlan Plan { get; } = plan;

        public ConcurrentDictionary<TicketChangeKind, int> Changes { get; } = new();

        public ConcurrentDictionary<string, DateTimeOffset> LiveMarkedDeleted { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, int> Syncs { get; } = new(StringComparer.Ordinal);

        public int TieGroups { get; set; }

        public int TieGroupTickets { get; set; }

        public int Kills { get; set; }

        public int KillAttempts { get; set; }

        public int Restarts { get; set; }

        public TimeSpan LongestRestart { get; set; }

        public string? FinalIncremental { get; set; }

        public string? FinalFull { get; set; }

        public bool EqualAfterIncremental { get; set; }

        public bool EqualAfterFull { get; set; }

        public TimeSpan Elapsed { get; set; }

        public long WebhooksSent { get; private set; }

        public long WebhooksDelivered { get; private set; }

        public long WebhooksDropped { get; private set; }

        public long WebhooksDuplicated { get; private set; }

        public long WebhooksReordered { get; private set; }

        public long WebhooksAbandoned { get; private set; }

        public long WebhookFailedAttempts { get; private set; }

        public long Requests { get; private set; }

        public long FaultsInjected { get; private set; }

        public long LiveTickets { get; private set; }

        public long DeletedTickets { get; private set; }

        public long Comments { get; private set; }

        public long Attachments { get; private set; }

        public long SyncLogRows { get; private set; }

        public void CountCheck() => Interlocked.Increment(ref _checks);

        public void Capture(SimulatorHost simulator)
        {
            var counters = simulator.Counters;
            WebhooksSent = counters.WebhooksSent;
            WebhooksDelivered = counters.WebhooksDelivered;
            WebhooksDropped = counters.WebhooksDropped;
            WebhooksDuplicated = counters.WebhooksDuplicated;
            WebhooksReordered = counters.WebhooksDelayed;
            WebhooksAbandoned = counters.WebhooksAbandoned;
            WebhookFailedAttempts = counters.WebhooksFailedAttempts;
            Requests = counters.Requests;
            FaultsInjected = counters.FaultsInjected;
        }

        public async Task CountMirrorAsync(TestDatabase database)
        {
            LiveTickets = await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL");
            DeletedTickets = await database.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE deleted_at IS NOT NULL");
            Comments = await database.ScalarAsync<long>("SELECT count(*) FROM ticket_comments");
            Attachments = await database.ScalarAsync<long>("SELECT count(*) FROM ticket_attachments");
            SyncLogRows = await database.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type <> 'webhook'");
        }

        public string ToMarkdown()
        {
            var text = new StringBuilder();
            var changes = Changes.OrderBy(c => c.Key).Select(c => $"{c.Value:N0} {Words(c.Key)}");
            var syncs = Syncs.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Value:N0} {s.Key}");
            Line(text, "Run", $"{Elapsed.TotalSeconds:N0} s in all, {Plan.Churn.TotalSeconds:N0} s of churn; {Plan.Tickets:N0} seeded tickets, seed {Plan.Seed}");
            Line(text, "Remote changes", $"{Changes.Values.Sum():N0}: {string.Join(", ", changes)}; {TieGroups:N0} new tie groups ({TieGroupTickets:N0} tickets given one `updated_at`, pages of 50)");
            Line(text, "Webhooks", $"{WebhooksSent:N0} sent, {WebhooksDropped:N0} dropped, {WebhooksDuplicated:N0} duplicated, {WebhooksReordered:N0} reordered, {WebhooksAbandoned:N0} abandoned after 5 attempts ({WebhookFailedAttempts:N0} failed attempts, mostly while the app was down), {WebhooksDelivered:N0} delivered");
            Line(text, "HTTP faults", $"{FaultsInjected:N0} of {Requests:N0} contract requests (3 % 5xx, 2 % 429 with Retry-After 1 s, 5 % +300 ms, 2 % connection reset)");
            Line(text, "Kills", $"{Kills:N0} (SIGKILL of the app's process tree mid full sync; {KillAttempts:N0} attempted), {Restarts:N0} restarts, the longest {LongestRestart.TotalSeconds:N1} s");
            Line(text, "Syncs", $"{Syncs.Values.Sum():N0} started by \"Sync now\" ({string.Join(", ", syncs)}); {SyncLogRows:N0} rows in the sync log");
            Line(text, "No live ticket marked deleted", $"{Checks:N0} checks of every deletion in the mirror against the remote's tombstones; live tickets ever marked deleted: **{LiveMarkedDeleted.Count}**");
            Line(text, "After one incremental sync", $"{FinalIncremental} — mirror equal to the remote: {(EqualAfterIncremental ? "yes" : "NO")} (tickets field by field, deletions, comments, attachments)");
            Line(text, "After a full sync", $"{FinalFull} — mirror equal to the remote: {(EqualAfterFull ? "yes" : "NO")}");
            Line(text, "Mirror at the end", $"{LiveTickets:N0} live tickets, {DeletedTickets:N0} deleted, {Comments:N0} comments, {Attachments:N0} attachments");
            return text.ToString();
        }

        private static void Line(StringBuilder text, string what, string value) => text.Append(CultureInfo.InvariantCulture, $"| {what} | {value} |\n");

        private static string Words(TicketChangeKind kind) => kind switch
        {
            TicketChangeKind.Created => "creations",
            TicketChangeKind.Updated => "updates",
            TicketChangeKind.Deleted => "deletions",
            TicketChangeKind.CommentAdded => "comments",
            TicketChangeKind.AttachmentAdded => "attachments",
            _ => kind.ToString(),
        };
    }

    /// <summary>
    /// Drives the running app the way a person does, through "Sync now", and kills and restarts its process.
    /// Only this loop starts syncs (no job server), so the lock is free whenever it asks.
    /// </summary>
    private sealed class Operator(TestApp owner, SoakFigures figures, ITestOutputHelper output) : IAsyncDisposable
    {
        private readonly List<TestApp> _restarted = [];
        private readonly TestApp _owner = owner;
        private TestApp _current = owner;
        private TestBrowser? _browser;

        public async Task ConnectAsync(TestApp app)
        {
            _current = app;
            _browser?.Dispose();
            _browser = await app.SignedInAsync(TestUser.Staff);
            _owner.Simulator.Webhooks.Configure(new Uri(app.BaseUrl, "/webhook/ticket-update"), TestApp.WebhookSecret);
        }

        /// <summary>
        /// Presses "Sync now" and waits for the run's end, and for the comments and attachments read right
        /// after it (decision 116: the run is complete before they are read); returns its status.
        /// </summary>
        public async Task<string> SyncAsync(bool full)
        {
            var before = await ManualRunsAsync();
            await PressAsync(full);
            await Eventually.UntilAsync(
                async () => await ManualRunsAsync() > before
                    && await _owner.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'in_progress'") == 0
                    && await _owner.ScalarAsync<string>("SELECT coalesce(details->>'comments_state', '') FROM ticket_sync_log WHERE sync_type = 'manual' ORDER BY started_at DESC LIMIT 1") is not ("waiting" or "reading"),
                "the sync and the reading of its comments finish",
                TimeSpan.FromMinutes(5));
            var status = await _owner.ScalarAsync<string>("SELECT status FROM ticket_sync_log WHERE sync_type = 'manual' ORDER BY started_at DESC LIMIT 1") ?? "(none)";
            figures.Syncs.AddOrUpdate($"{(full ? "full" : "incremental")} {status}", 1, (_, n) => n + 1);
            return status;
        }

        /// <summary>
        /// Starts a full sync and kills the process once the run has stored a page or more, then starts it
        /// again over the same database. False when the run ended before it could be killed.
        /// </summary>
        public async Task<bool> KillMidFullSyncAsync()
        {
            figures.KillAttempts++;
            var before = await ManualRunsAsync();

            // A full sync of a few hundred tickets on an idle machine ends between two looks at its progress:
            // every request answers a little later while the kill is tried, so the run is still going when
            // its first page is stored (the faults of the soak stay as they are).
            var faults = _owner.Simulator.Faults.Current;
            _owner.Simulator.Faults.Current = faults with { LatencyMs = Math.Max(faults.LatencyMs, 250) };
            try
            {
                await PressAsync(full: true);
                await Eventually.UntilAsync(
                    async () => await _owner.ScalarAsync<int?>("SELECT records_processed FROM ticket_sync_log WHERE sync_type = 'manual' AND status = 'in_progress'") is >= 50
                        || (await ManualRunsAsync() > before && await _owner.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'in_progress'") == 0),
                    "the full sync has stored a page, or is over",
                    TimeSpan.FromMinutes(2));
                if (await _owner.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE status = 'in_progress'") == 0)
                {
                    figures.Syncs.AddOrUpdate("full finished before the kill", 1, (_, n) => n + 1);
                    return false;
                }

                _current.Kill();
            }
            finally
            {
                _owner.Simulator.Faults.Current = faults;
            }

            figures.Kills++;
            figures.Syncs.AddOrUpdate("full killed", 1, (_, n) => n + 1);
            var restart = Stopwatch.StartNew();
            await StopAsync(_current);
            var next = await _owner.StartAnotherAsync();
            _restarted.Add(next);
            await ConnectAsync(next);
            figures.Restarts++;
            figures.LongestRestart = restart.Elapsed > figures.LongestRestart ? restart.Elapsed : figures.LongestRestart;
            output.WriteLine($"Killed the app mid full sync and restarted it in {restart.Elapsed.TotalSeconds:N1} s");
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            _browser?.Dispose();
            foreach (var app in _restarted)
            {
                await app.DisposeAsync();
            }
        }

        private async Task PressAsync(bool full)
        {
            using var response = await _browser!.PostFormAsync(full ? "/Sync?full=true" : "/Sync", new Dictionary<string, string>(), tokenFrom: "/");
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        private Task<long> ManualRunsAsync() =>
            _owner.ScalarAsync<long>("SELECT count(*) FROM ticket_sync_log WHERE sync_type = 'manual'");

        private static Task StopAsync(TestApp app) => app.StopAsync();
    }
}
