using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;
using Ticketing.Web;

namespace Ticketing.Benchmarks;

/// <summary>
/// Runs every scenario of the benchmark against the simulator and the app as separate processes,
/// each sync size over a fresh database, and records figures (against targets) and correctness checks.
/// </summary>
public sealed partial class BenchmarkRunner(BenchmarkOptions options, TextWriter output)
{
    private const string AdminEmail = "bench@ticketing.local";
    private const string WebhookSecret = "whsec_dGlja2V0aW5nLWJlbmNobWFyay1zaWduaW5nLWtleS0zMmI=";

    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(20);

    // The run's figure comes from its own log (started_at to completed_at), never from when the runner notices
    // the end, so the status is polled often only at first (an incremental run takes tens of milliseconds) and
    // then about as often as the "Sync now" panel (every second): every 25 ms through a whole initial load was 40
    // requests a second that the app, the runner and the database answered on the same two cores as the sync
    // (decision 156).
    private static readonly TimeSpan FirstStatusPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LastStatusPoll = TimeSpan.FromMilliseconds(800);

    private readonly BenchmarkReport _report = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];

    /// <summary>A word only the incremental sync's changed tickets hold: the rare-word search shape finds exactly those.</summary>
    private string RareWord => $"rare{_runId}";
    private readonly string _adminPassword = $"Bench-{Guid.NewGuid():N}-2026";
    private readonly string _apiKey = $"sim_bench_{Guid.NewGuid():N}";
    private readonly string _keyRingPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, TextWriter output, CancellationToken ct = default) =>
        await new BenchmarkRunner(options, output).RunAsync(ct);

    private async Task<BenchmarkReport> RunAsync(CancellationToken ct)
    {
        _report.Machine = MachineFacts.Read(await PostgresVersionAsync(ct));
        _report.LoadAt("start");
        var largest = options.SyncSizes.Max();
        foreach (var size in options.SyncSizes)
        {
            try
            {
                await RunSizeAsync(size, runEverything: size == largest, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _report.Check($"{size:N0} tickets: the run completed", false, ex.GetBaseException().Message);
            }
        }

        _report.LoadAt("end");
        _report.FinishedAt = DateTimeOffset.UtcNow;
        return _report;
    }

    private async Task RunSizeAsync(int size, bool runEverything, CancellationToken ct)
    {
        Log($"{size:N0} tickets: starting the simulator and the app (fresh database)");
        var appDatabase = await CreateDatabaseAsync($"ticketing_bench_{_runId}_{size}", ct);
        var limitDatabase = await CreateDatabaseAsync($"ticketing_bench_{_runId}_{size}_limit", ct);
        try
        {
            await using var simulator = await StartSimulatorAsync(size, ct);
            await using var app = await StartAppAsync(appDatabase, simulator.Url, ct);
            using var session = await SignInAsync(app.Url, ct);
            Log($"  app memory after start-up and sign-in: {app.Process.MemoryBreakdown()}");

            _report.LoadAt($"full sync {size:N0}");
            var label = $"{size / 1000:N0}k";
            await FullSyncAsync(size, label, app, session, simulator, appDatabase, ct);
            if (options.MemoryOnly)
            {
                return;
            }

            if (size == options.ExportSize && !options.SyncOnly && !options.ListOnly)
            {
                _report.LoadAt($"export {size:N0}");
                await ExportAsync(size, app, session, appDatabase, ct);
            }

            if (runEverything)
            {
                if (!options.ListOnly)
                {
                    _report.LoadAt($"reconciliation over {size:N0}");
                    await ReconcileAsync(size, label, session, simulator, appDatabase, ct);
                }

                _report.LoadAt($"incremental over {size:N0}");
                await IncrementalSyncAsync(size, session, simulator, appDatabase, ct);
                if (options.SyncOnly)
                {
                    await CopyLimitAsync(size, label, appDatabase, limitDatabase, ct);
                    return;
                }

                _report.LoadAt($"list over {size:N0}");
                if (options.ListOnly && options.ListVariants.Count > 0)
                {
                    await ListVariantsAsync(size, simulator, appDatabase, ct);
                    return;
                }

                await ListAsync(size, app, session, appDatabase, null, ct);
                if (options.ListOnly)
                {
                    return;
                }

                _report.LoadAt($"stats over {size:N0}");
                await StatsAsync(size, session, ct);
                _report.LoadAt($"analytics over {size:N0}");
                await AnalyticsAsync(size, session, appDatabase, ct);
                _report.LoadAt($"webhooks over {size:N0}");
                await WebhooksAsync(app, appDatabase, ct);
                await IndexUseAsync(appDatabase, ct);
            }

            // Last: the limit loads a second mirror of the same size into the same cluster, which would push
            // the app's mirror out of shared_buffers (and the OS cache) before the scenarios measured on it
            // (decision 152). Its ratio needs only the full sync's rate.
            if (!options.ListOnly)
            {
                await CopyLimitAsync(size, label, appDatabase, limitDatabase, ct);
            }
        }
        finally
        {
            if (options.KeepDatabases)
            {
                Log($"kept for profiling: {new NpgsqlConnectionStringBuilder(appDatabase).Database} and {new NpgsqlConnectionStringBuilder(limitDatabase).Database}");
            }
            else
            {
                await DropDatabaseAsync(limitDatabase);
                await DropDatabaseAsync(appDatabase);
            }
        }
    }

    // ---- 1. Full sync, and the COPY limit --------------------------------------------------------

    private async Task FullSyncAsync(int size, string label, RunningApp app, SignedInClient session, RunningSimulator simulator, string database, CancellationToken ct)
    {
        Log($"full sync of {size:N0} tickets");
        var run = await SyncAsync(session, full: true, ct);
        await WaitForCommentsAsync(database, ct);
        await LogStepsAsync(database, ct);
        var seconds = (run.CompletedAt - run.StartedAt).TotalSeconds;
        var rate = run.RecordsProcessed / seconds;
        var peakMb = app.Process.PeakRssBytes() / 1024.0 / 1024.0;
        Log($"  app memory after the full sync: {app.Process.MemoryBreakdown()}");
        _report.Add($"sync.full.{label}.rate", $"full sync {label}", "tickets/s", rate,
            $"{rate:N0}/s ({run.RecordsProcessed:N0} in {seconds:0.0} s)",
            size >= 100_000 ? "≥ 20,000/s" : null, size >= 100_000 ? rate >= 20_000 : null);
        var bigRun = size >= 1_000_000;
        _report.Add($"sync.full.{label}.rss", $"full sync {label}", "app peak RSS (VmHWM)", peakMb, $"{peakMb:N0} MB",
            bigRun ? "≤ 300 MB" : null, bigRun ? peakMb <= 300 : null);
        _report.Check($"full sync {label}: run succeeded", run.Status == "success", $"status {run.Status}{(run.ErrorMessage is null ? "" : ": " + run.ErrorMessage)}");
        await CheckMirrorAsync($"full sync {label}", simulator, database, ct);
        _lastSyncRate = rate;

        // The sizes the 10M projection of docs/benchmarks.md scales from.
        var table = await ScalarAsync<long>(database, "SELECT pg_table_size('tickets_cache')", ct);
        var indexes = await ScalarAsync<long>(database, "SELECT pg_indexes_size('tickets_cache')", ct);
        _report.Add($"size.{label}.table", $"mirror {label}", "tickets_cache table (with TOAST)", table, $"{table / 1048576.0:N0} MB ({(double)table / size:N0} bytes per ticket)");
        _report.Add($"size.{label}.indexes", $"mirror {label}", "tickets_cache indexes", indexes, $"{indexes / 1048576.0:N0} MB ({(double)indexes / size:N0} bytes per ticket)");
    }

    private double _lastSyncRate;

    private async Task CopyLimitAsync(int size, string label, string appDatabase, string limitDatabase, CancellationToken ct)
    {
        Log($"the limit: {size:N0} tickets by the initial load's own path (binary COPY + upsert into the unindexed table, indexes built at the end), no HTTP");
        await using var source = TicketingWebApp.Build(AppArguments(appDatabase), runStartupTasks: false);
        await using var target = TicketingWebApp.Build(AppArguments(limitDatabase), runStartupTasks: false);
        List<Ticket> tickets;
        await using (var scope = source.Services.CreateAsyncScope())
        {
            tickets = await scope.ServiceProvider.GetRequiredService<TicketingDbContext>().Tickets.AsNoTracking()
                .Where(t => t.DeletedAt == null).OrderBy(t => t.UpdatedAt).ThenBy(t => t.ExternalTicketId).ToListAsync(ct);
        }

        await using (var scope = target.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        var stored = 0;
        await using (var scope = target.Services.CreateAsyncScope())
        {
            // The same bulk path the sync takes into an empty mirror (decision 062): its limit, not the
            // row-by-row upsert into a fully indexed table.
            var repository = scope.ServiceProvider.GetRequiredService<ITicketRepository>();
            if (!await repository.TryBeginBulkLoadAsync(ct))
            {
                throw new InvalidOperationException("The limit's database is not empty: the bulk load did not start.");
            }

            // Stored in the sync's own batches of several remote pages (SyncOptions.BulkLoadStoreSize),
            // as many at once as the sync stores (BulkLoadStoresAtOnce, decision 151): the same pipeline.
            var sync = scope.ServiceProvider.GetRequiredService<IOptions<SyncOptions>>().Value;
            await using var pipeline = new BulkStorePipeline(repository, TimeProvider.System, Math.Max(sync.BulkLoadStoresAtOnce, 1));
            foreach (var page in tickets.Chunk(Math.Max(sync.BulkLoadStoreSize, 1)))
            {
                stored += (await pipeline.AddAsync(page, ct)).Sum(b => b.Result.Stored);
            }

            stored += (await pipeline.DrainAsync()).Sum(b => b.Result.Stored);
            await repository.CompleteBulkLoadAsync(ct);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var limit = tickets.Count / seconds;
        var ratio = _lastSyncRate / limit;
        _report.Add($"sync.limit.{label}.rate", $"full sync {label}", "limit: bulk load (COPY + upsert, indexes at the end), no HTTP", limit, $"{limit:N0}/s ({tickets.Count:N0} in {seconds:0.0} s)");
        _report.Add($"sync.limit.{label}.ratio", $"full sync {label}", "sync / limit", ratio, $"{ratio:0.00}", "≥ 0.5", size >= 100_000 ? ratio >= 0.5 : null);
        _report.Check($"limit {label}: every row stored", stored == tickets.Count && tickets.Count == size, $"{stored:N0} stored of {tickets.Count:N0} read, {size:N0} seeded");
    }

    /// <summary>
    /// A full sync over a mirror that already holds every ticket unchanged: it must confirm them fast and
    /// rewrite nothing (decision 061), so the table and its indexes keep their size.
    /// </summary>
    private async Task ReconcileAsync(int size, string label, SignedInClient session, RunningSimulator simulator, string database, CancellationToken ct)
    {
        const string Size = "SELECT pg_total_relation_size('tickets_cache')";
        Log($"reconciliation: a full sync over {size:N0} unchanged tickets");
        // The baseline holds no pending GIN entries, so a later flush of them is not counted as growth.
        await ExecuteAsync(database, "VACUUM tickets_cache", ct);
        await QuietDatabaseAsync(database, ct);
        var before = await ScalarAsync<long>(database, Size, ct);
        var run = await SyncAsync(session, full: true, ct);
        await WaitForCommentsAsync(database, ct);
        await LogStepsAsync(database, ct);
        var after = await ScalarAsync<long>(database, Size, ct);
        var seconds = (run.CompletedAt - run.StartedAt).TotalSeconds;
        var rate = run.RecordsProcessed / seconds;
        var growth = (double)after / before;
        var scenario = $"reconciliation {label}";
        _report.Add($"sync.reconcile.{label}.rate", scenario, "tickets/s (from a settled database: autovacuum done, a checkpoint)", rate, $"{rate:N0}/s ({run.RecordsProcessed:N0} in {seconds:0.0} s)", "≥ 20,000/s", rate >= 20_000);
        _report.Add($"sync.reconcile.{label}.size", scenario, "tickets_cache with its indexes, after ÷ before", growth,
            $"{growth:0.000} ({before / 1024.0 / 1024.0:N0} MB → {after / 1024.0 / 1024.0:N0} MB)", "≤ 1.02", growth <= 1.02);
        _report.Check($"reconciliation {label}: run succeeded", run.Status == "success", $"status {run.Status}{(run.ErrorMessage is null ? "" : ": " + run.ErrorMessage)}");
        await CheckMirrorAsync(scenario, simulator, database, ct);
    }

    // ---- 2. Incremental sync ---------------------------------------------------------------------

    private async Task IncrementalSyncAsync(int size, SignedInClient session, RunningSimulator simulator, string database, CancellationToken ct)
    {
        const int changes = 100;
        Log($"incremental sync of {changes} changes over {size:N0} cached tickets");
        var ids = await QueryListAsync<string>(database, $"SELECT external_ticket_id FROM tickets_cache WHERE deleted_at IS NULL ORDER BY random() LIMIT {changes}", ct);
        var tag = RareWord;
        await QuietDatabaseAsync(database, ct);
        using var remote = simulator.CreateContractClient(_apiKey);
        for (var i = 0; i < ids.Count; i++)
        {
            using var response = await remote.PatchAsJsonAsync($"tickets/{ids[i]}", new { title = $"Bench change {i} {tag}" }, ct);
            response.EnsureSuccessStatusCode();
        }

        // The run is complete once its tickets are stored (decision 116): what a user waits for to see the
        // changes. The comments and attachments of the changed tickets are read after it, reported apart.
        var run = await SyncAsync(session, full: false, ct);
        var commentsMs = await WaitForCommentsAsync(database, ct);
        await LogStepsAsync(database, ct);
        var ms = (run.CompletedAt - run.StartedAt).TotalMilliseconds;
        _report.Add("sync.incremental", $"incremental {size / 1000:N0}k", $"{changes} changes (from a settled database: autovacuum done, a checkpoint)", ms, $"{ms:N0} ms", "≤ 100 ms", ms <= 100);
        _report.Add("sync.incremental.comments", $"incremental {size / 1000:N0}k", "then comments and attachments read (200 tickets, after the run)", commentsMs, $"{commentsMs:N0} ms");
        var applied = await ScalarAsync<long>(database, $"SELECT count(*) FROM tickets_cache WHERE title LIKE 'Bench change % {tag}'", ct);
        _report.Check("incremental sync: every change applied", run.Status == "success" && applied == changes, $"status {run.Status}, {applied} of {changes} changes in the mirror");
        await CheckMirrorAsync("incremental sync", simulator, database, ct);
    }

    // ---- 3. The list page ------------------------------------------------------------------------

    /// <summary>
    /// Each variant's app in turn over the same mirror, round after round, so a comparison shares the machine's
    /// noise: one app at a time, the others stopped.
    /// </summary>
    private async Task ListVariantsAsync(int size, RunningSimulator simulator, string database, CancellationToken ct)
    {
        for (var round = 1; round <= options.ListRounds; round++)
        {
            foreach (var variant in options.ListVariants)
            {
                var name = variant.Count == 0 ? "baseline" : string.Join(",", variant.Select(kv => $"{kv.Key.Split("__")[^1]}={kv.Value}"));
                Log($"list, round {round}: {name}");
                await using var app = await StartAppAsync(database, simulator.Url, ct, variant);
                using var session = await SignInAsync(app.Url, ct);
                await ListAsync(size, app, session, database, $"round {round}, {name}", ct);
            }
        }
    }

    private async Task ListAsync(int size, RunningApp app, SignedInClient session, string database, string? variant, CancellationToken ct)
    {
        // Two views of every shape (decision 133): a first view renders the page (the request says
        // Cache-Control: no-cache, as a browser's reload does, so the app renders it and keeps the result), and a
        // repeat view of the same address is answered from the page the app kept while nothing it shows changed.
        using var first = LoadClient(app.Url, session);
        first.DefaultRequestHeaders.CacheControl = new CacheControlHeaderValue { NoCache = true };
        using var repeat = LoadClient(app.Url, session);
        foreach (var shape in ListShape.All.Append(ListShape.RareSearch(RareWord)).Where(s => options.ListShapes?.Contains(s.Id) != false))
        {
            Log($"list: {shape.Name}, first and repeat views, {options.Connections} connections for {options.LoadDuration.TotalSeconds:0} s each, then its SQL alone");
            for (var i = 0; i < 5; i++)
            {
                await GetPageAsync(first, shape.Url, PageView.First, CancellationToken.None);
            }

            // The page as measured, beside the logs: what its weight is made of.
            var sample = LogFile($"list-{shape.Id}.html");
            Directory.CreateDirectory(Path.GetDirectoryName(sample)!);
            await File.WriteAllTextAsync(sample, await first.GetStringAsync(shape.Url, ct), ct);

            var cpuBefore = app.Process.CpuTime();
            var result = await LoadLoop.RunAsync(options.Connections, options.LoadDuration, (client, _, token) => GetPageAsync(client, shape.Url, PageView.First, token), first);
            var cpuMs = (app.Process.CpuTime() - cpuBefore).TotalMilliseconds / Math.Max(1, result.Succeeded + result.Failed);
            var rendered = new StrongBox<int>();
            var kept = await LoadLoop.RunAsync(options.Connections, options.LoadDuration, (client, _, token) => GetPageAsync(client, shape.Url, PageView.Repeat, token, rendered), repeat);
            var limit = await RawSqlLoadAsync(database, shape, options.Connections, ct);
            var sqlMs = await RawSqlMedianAsync(database, shape, ct);
            var scenario = variant is null ? $"list {size / 1000:N0}k: {shape.Name}" : $"list {size / 1000:N0}k ({variant}): {shape.Name}";
            _report.Add($"list.{shape.Id}.limit", scenario, $"limit: the page's SQL alone, queries/s ({options.Connections} connections)", limit.RequestsPerSecond, $"{limit.RequestsPerSecond:N0}/s");
            _report.Add($"list.{shape.Id}.limit.p99", scenario, $"limit: the page's SQL alone, p99 ({options.Connections} connections)", limit.Latency.P99Ms, Ms(limit.Latency.P99Ms));
            _report.Add($"list.{shape.Id}.sql", scenario, "the page's SQL, one connection (median)", sqlMs, Ms(sqlMs));
            AddListFigures($"list.{shape.Id}", scenario, "first view", result, limit);
            _report.Add($"list.{shape.Id}.cpu", scenario, "first view: the app's CPU per request (user + system)", cpuMs, $"{cpuMs:0.00} ms");
            Log($"  {shape.Id}: first view {result.RequestsPerSecond:N0}/s p50 {result.Latency.P50Ms:0.0} p99 {result.Latency.P99Ms:0.0} ms, CPU {cpuMs:0.00} ms/request; "
                + $"SQL alone {limit.RequestsPerSecond:N0}/s p99 {limit.Latency.P99Ms:0.0} ms; load {MachineFacts.LoadAverage()}");
            AddListFigures($"list.{shape.Id}.repeat", scenario, "repeat view", kept, limit);
            _report.Check($"list {shape.Id}: every first view was rendered", result.Failed == 0 && result.Succeeded > 0,
                $"{result.Succeeded:N0} ok, {result.Failed:N0} failed{(result.FirstFailure is null ? "" : " (" + result.FirstFailure + ")")}");
            _report.Check($"list {shape.Id}: every repeat view was the page, almost all from the kept page", kept.Failed == 0 && kept.Succeeded > 0 && rendered.Value <= kept.Succeeded / 20,
                $"{kept.Succeeded:N0} ok ({rendered.Value:N0} rendered: the first, and after the page's time was up), {kept.Failed:N0} failed{(kept.FirstFailure is null ? "" : " (" + kept.FirstFailure + ")")}");
            _report.Check($"list {shape.Id}: every SQL batch answered", limit.Failed == 0 && limit.Succeeded > 0,
                $"{limit.Succeeded:N0} ok, {limit.Failed:N0} failed{(limit.FirstFailure is null ? "" : " (" + limit.FirstFailure + ")")}");

            if (shape.IsSearch)
            {
                // A search is one person typing: measured alone, against its own SQL alone, the two taken in turn in
                // the same window so that the machine's load of the moment weighs on both alike.
                var alone = $"search {size / 1000:N0}k, one user: {shape.Name}";
                foreach (var (id, view, client) in new[] { ($"search.{shape.Id}", PageView.First, first), ($"search.{shape.Id}.repeat", PageView.Repeat, repeat) })
                {
                    var (page, sql, failure) = await OneUserBesideItsSqlAsync(database, shape, client, view, ct);
                    var ratio = page.P50Ms / sql.P50Ms;
                    var what = view == PageView.First ? "first view" : "repeat view";
                    _report.Add($"{id}.p50", alone, $"{what}: p50", page.P50Ms, Ms(page.P50Ms), "≤ 30 ms", page.P50Ms <= 30);
                    _report.Add($"{id}.sql", alone, $"{what}: its SQL taken in turn with the page (median)", sql.P50Ms, Ms(sql.P50Ms));
                    _report.Add($"{id}.ratio", alone, $"{what}: page p50 ÷ its SQL (median, taken in turn)", ratio, $"{ratio:0.0}×", "≤ 2×", ratio <= 2);
                    _report.Check($"search {shape.Id}, one user, {what}: every page was the page", failure is null && page.Count > 0, failure ?? $"{page.Count:N0} pages");
                }
            }
        }

        if (options.ListShapes is { } only && !(only.Contains("default") && only.Contains("page200")))
        {
            return;
        }

        // Page 1 and page 200 in turn from the same connections in the same window: each shape's own run above
        // comes a minute apart from the other's, and a shared machine's load moves between them.
        Log($"list: page 1 and page 200 in turn, first views, {options.Connections} connections for {options.LoadDuration.TotalSeconds:0} s");
        var pages = new[] { ListShape.All.Single(s => s.Id == "default").Url, ListShape.All.Single(s => s.Id == "page200").Url };
        var byPage = new[] { new ConcurrentBag<double>(), new ConcurrentBag<double>() };
        var inTurn = await LoadLoop.RunAsync(options.Connections, options.LoadDuration, async (client, n, token) =>
        {
            var which = (int)(n % 2);
            var started = Stopwatch.GetTimestamp();
            var failure = await GetPageAsync(client, pages[which], PageView.First, token);
            byPage[which].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return failure;
        }, first);
        var page200 = LatencyStats.From([.. byPage[1]]).P50Ms / LatencyStats.From([.. byPage[0]]).P50Ms;
        _report.Add("list.page200.vs.page1", variant is null ? $"list {size / 1000:N0}k" : $"list {size / 1000:N0}k ({variant})", "page 200 / page 1 (p50, first views taken in turn)", page200, $"{page200:0.00}×", "≤ 1.5×", page200 <= 1.5);
        _report.Check("list: page 1 and page 200 in turn were all rendered", inTurn.Failed == 0 && !byPage[0].IsEmpty && !byPage[1].IsEmpty,
            $"{inTurn.Succeeded:N0} ok, {inTurn.Failed:N0} failed{(inTurn.FirstFailure is null ? "" : " (" + inTurn.FirstFailure + ")")}");
    }

    private void AddListFigures(string id, string scenario, string view, LoadResult result, LoadResult limit)
    {
        var l = result.Latency;
        var vsLimit = result.RequestsPerSecond / limit.RequestsPerSecond;
        _report.Add($"{id}.rps", scenario, $"{view}: requests/s ({options.Connections} connections)", result.RequestsPerSecond, $"{result.RequestsPerSecond:N0}/s");
        _report.Add($"{id}.vs.limit", scenario, $"{view}: page requests/s ÷ limit queries/s", vsLimit, $"{vsLimit:0.00}", "≥ 0.5", vsLimit >= 0.5);
        _report.Add($"{id}.p50", scenario, $"{view}: p50", l.P50Ms, Ms(l.P50Ms));
        _report.Add($"{id}.p95", scenario, $"{view}: p95", l.P95Ms, Ms(l.P95Ms));
        _report.Add($"{id}.p99", scenario, $"{view}: p99", l.P99Ms, Ms(l.P99Ms), "≤ 50 ms", l.P99Ms <= 50);
    }

    private enum PageView
    {
        /// <summary>Rendered: the app must not answer from a kept page.</summary>
        First,

        /// <summary>The same address again: answered from the kept page unless something it shows changed (or it expired).</summary>
        Repeat,
    }

    /// <summary>One list request; null when it was the page. A repeat view the app rendered instead of answering from the kept page is counted in <paramref name="rendered"/>.</summary>
    private static async Task<string?> GetPageAsync(HttpClient client, string url, PageView view, CancellationToken ct, StrongBox<int>? rendered = null)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"{url}: {(int)response.StatusCode}";
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        if (!body.Contains("IT-", StringComparison.Ordinal))
        {
            return $"{url}: no ticket in the page";
        }

        var answer = response.Headers.TryGetValues("X-Page-Cache", out var values) ? values.FirstOrDefault() : null;
        if (view == PageView.First)
        {
            return answer == "hit" ? $"{url}: a first view was answered from a kept page" : null;
        }

        if (answer != "hit" && rendered is not null)
        {
            Interlocked.Increment(ref rendered.Value);
        }

        return null;
    }

    /// <summary>
    /// The limit: the page's own SQL batch from <paramref name="connections"/> connections in the same
    /// closed loop as the page's load, for the same time, on a pool without reset (the cheapest client) and with
    /// the app's session settings (no JIT).
    /// </summary>
    private async Task<LoadResult> RawSqlLoadAsync(string database, ListShape shape, int connections, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(database)
        {
            MaxPoolSize = connections,
            NoResetOnClose = true,
            SslMode = Ticketing.Infrastructure.DependencyInjection.SslModeFor(database),
        };
        builder.Options = Ticketing.Infrastructure.DependencyInjection.WithoutJit(builder.Options);
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var held = new NpgsqlConnection[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                held[i] = await dataSource.OpenConnectionAsync(ct);
            }

            return await LoadLoop.RunWorkersAsync(connections, options.LoadDuration, async (worker, _, token) =>
                await ReadPageAsync(shape, held[worker], token) > 0 ? null : "no rows");
        }
        finally
        {
            foreach (var connection in held.Where(c => c is not null))
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One user: the page, then its SQL batch on a connection of its own, in turn for the load's duration, so
    /// that the ratio of their medians compares the two under the same moment's load (measured apart, a busy
    /// minute on a shared machine could land on either and move the ratio by half).
    /// </summary>
    private async Task<(LatencyStats Page, LatencyStats Sql, string? Failure)> OneUserBesideItsSqlAsync(
        string database, ListShape shape, HttpClient client, PageView view, CancellationToken ct)
    {
        await using var connection = await OpenAsTheAppDoesAsync(database, ct);
        var page = new List<double>();
        var sql = new List<double>();
        string? failure = null;
        var run = Stopwatch.StartNew();
        for (var i = 0; run.Elapsed < options.LoadDuration || i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            failure ??= await GetPageAsync(client, shape.Url, view, ct);
            var pageMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await ReadPageAsync(shape, connection, ct);
            var sqlMs = clock.Elapsed.TotalMilliseconds;
            if (i >= 3)
            {
                page.Add(pageMs);
                sql.Add(sqlMs);
            }
        }

        return (LatencyStats.From(page), LatencyStats.From(sql), failure);
    }

    /// <summary>One connection with the app's session settings (its TLS choice, no JIT).</summary>
    private static async Task<NpgsqlConnection> OpenAsTheAppDoesAsync(string database, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(database) { SslMode = Ticketing.Infrastructure.DependencyInjection.SslModeFor(database) };
        builder.Options = Ticketing.Infrastructure.DependencyInjection.WithoutJit(builder.Options);
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<double> RawSqlMedianAsync(string database, ListShape shape, CancellationToken ct)
    {
        await using var connection = await OpenAsTheAppDoesAsync(database, ct);
        var samples = new List<double>();
        for (var i = 0; i < 33; i++)
        {
            var clock = Stopwatch.StartNew();
            await ReadPageAsync(shape, connection, ct);
            if (i >= 3)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return LatencyStats.From(samples).P50Ms;
    }

    /// <summary>Runs the shape's batch and reads every value of every row, as the page does; returns the page's row count.</summary>
    private static async Task<int> ReadPageAsync(ListShape shape, NpgsqlConnection connection, CancellationToken ct)
    {
        await using var batch = shape.CreateBatch(connection);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var rows = 0;
        do
        {
            while (await reader.ReadAsync(ct))
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    _ = reader.GetValue(c);
                }

                // A list's first statement is its count (one column); a search returns the count on every row,
                // and an empty page as one row without a ticket.
                if (reader.FieldCount > 1 && !reader.IsDBNull(0))
                {
                    rows++;
                }
            }
        }
        while (await reader.NextResultAsync(ct));

        return rows;
    }

    // ---- 4. KPI stats ----------------------------------------------------------------------------

    private async Task StatsAsync(int size, SignedInClient session, CancellationToken ct)
    {
        Log($"KPI stats over {size:N0} tickets, uncached (fresh=true) and cached");
        var uncached = new List<double>();
        var cached = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var ms = await TimedGetAsync(session.Http, "/overview/data?fresh=true", ct);
            if (i > 0)
            {
                uncached.Add(ms);
            }
        }

        for (var i = 0; i < 210; i++)
        {
            var ms = await TimedGetAsync(session.Http, "/overview/data", ct);
            if (i >= 10)
            {
                cached.Add(ms);
            }
        }

        var u = LatencyStats.From(uncached).P50Ms;
        var c = LatencyStats.From(cached).P50Ms;
        var scenario = $"stats {size / 1000:N0}k";
        _report.Add("stats.uncached", scenario, "uncached (median of 10, HTTP)", u, Ms(u), "≤ 100 ms", u <= 100);
        _report.Add("stats.cached", scenario, "cached (median of 200, HTTP)", c, Ms(c), "≤ 1 ms", c <= 1);
        using var response = await session.Http.GetAsync("/overview/data", ct);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        var total = json?["kpis"]?["totalTickets"]?.GetValue<int>();
        _report.Check("stats: the figures count every ticket", total == size, $"totalTickets {total?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, {size:N0} cached");
    }

    private static async Task<double> TimedGetAsync(HttpClient client, string url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, ct);
        _ = await response.Content.ReadAsByteArrayAsync(ct);
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    // ---- 5. Webhook ingest -----------------------------------------------------------------------

    private async Task WebhooksAsync(RunningApp app, string database, CancellationToken ct)
    {
        Log($"webhooks: validly signed messages, {options.Connections} connections for {options.LoadDuration.TotalSeconds:0} s");
        var tickets = await QueryListAsync<string>(database, "SELECT external_ticket_id FROM tickets_cache WHERE deleted_at IS NULL ORDER BY external_ticket_id", ct);
        var tag = $"wh-{_runId}";
        var updatedAt = DateTimeOffset.UtcNow.AddDays(1);
        using var load = LoadLoop.CreateClient(app.Url, options.Connections);
        var accepted = new bool[tickets.Count];
        var result = await LoadLoop.RunAsync(options.Connections, options.LoadDuration, async (client, n, token) =>
        {
            var i = (int)n;
            using var request = SignedWebhook(WebhookBody(tickets[i], i, tag, updatedAt), $"msg_{tag}_{i}");
            using var response = await client.SendAsync(request, token);
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode}";
            }

            accepted[i] = true;
            return null;
        }, load, more: n => n < tickets.Count);

        var l = result.Latency;
        _report.Add("webhooks.rate", "webhooks", "accepted/s", result.RequestsPerSecond, $"{result.RequestsPerSecond:N0}/s ({result.Succeeded:N0} in {result.Elapsed.TotalSeconds:0.0} s)", "≥ 1,500/s", result.RequestsPerSecond >= 1500);
        _report.Add("webhooks.p50", "webhooks", "p50", l.P50Ms, Ms(l.P50Ms));
        _report.Add("webhooks.p99", "webhooks", "p99", l.P99Ms, Ms(l.P99Ms), "≤ 50 ms", l.P99Ms <= 50);

        Log("webhooks: waiting until the processor has applied every accepted message");
        var drained = await PollAsync(async () => await ScalarAsync<long>(database, "SELECT count(*) FROM webhook_messages WHERE processed_at IS NULL", ct) == 0, TimeSpan.FromMinutes(5), ct);
        var inbox = await ScalarAsync<long>(database, $"SELECT count(*) FROM webhook_messages WHERE webhook_id LIKE 'msg_{tag}_%'", ct);
        var applied = await ScalarAsync<long>(database, $"SELECT count(*) FROM tickets_cache WHERE title LIKE 'Webhook bench % {tag}'", ct);
        var acceptedCount = accepted.Count(a => a);
        var lost = acceptedCount - applied;
        _report.Add("webhooks.lost", "webhooks", "lost (accepted but not applied)", lost, $"{lost:N0}", "0", lost == 0);
        _report.Check("webhooks: none lost", drained && inbox == acceptedCount && applied == acceptedCount && result.Failed == 0,
            $"{acceptedCount:N0} accepted, {result.Failed:N0} refused, {inbox:N0} in the inbox, {applied:N0} applied{(drained ? "" : ", inbox not drained in 5 min")}");
    }

    private static string WebhookBody(string ticketId, int i, string tag, DateTimeOffset updatedAt)
    {
        static string Ts(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var created = new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
        var ticket = new JsonObject
        {
            ["id"] = ticketId,
            ["ticket_number"] = $"IT-B{i:D7}",
            ["title"] = $"Webhook bench {i} {tag}",
            ["description"] = "Changed by the benchmark's webhook load.",
            ["status"] = "in_progress",
            ["priority"] = "high",
            ["category"] = "Network",
            ["requester_id"] = "usr_1",
            ["requester_name"] = "Dana Ruiz",
            ["requester_email"] = "dana@example.org",
            ["assignee_id"] = "agt_1",
            ["assignee_name"] = "Alex Morgan",
            ["department"] = "IT Operations",
            ["created_at"] = Ts(created),
            ["updated_at"] = Ts(updatedAt.AddMilliseconds(i)),
            ["resolved_at"] = null,
            ["due_date"] = Ts(created.AddDays(2)),
            ["tags"] = new JsonArray("bench"),
            ["custom_fields"] = new JsonObject(),
        };
        return new JsonObject
        {
            ["type"] = "ticket.updated",
            ["timestamp"] = Ts(DateTimeOffset.UtcNow),
            ["data"] = new JsonObject { ["ticket"] = ticket },
        }.ToJsonString();
    }

    /// <summary>Standard Webhooks: <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>.</summary>
    private static HttpRequestMessage SignedWebhook(string body, string webhookId)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(WebhookSecret["whsec_".Length..]);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}."), .. bytes]));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook/ticket-update") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        return request;
    }

    /// <summary>
    /// Which of the mirror's indexes the run's scenarios used (<c>pg_stat_user_indexes</c>): the evidence for
    /// pruning. An index with no scan is a candidate only if no scenario the runner lacks (the ticket page,
    /// the admin pages, deletion checks) needs it.
    /// </summary>
    private async Task IndexUseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT indexrelname, idx_scan, pg_relation_size(indexrelid) FROM pg_stat_user_indexes WHERE relname = 'tickets_cache' ORDER BY idx_scan DESC, indexrelname", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var used = new List<string>();
        var unused = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            var text = $"`{reader.GetString(0)}` ({reader.GetInt64(2) / 1048576.0:N0} MB)";
            if (reader.GetInt64(1) > 0)
            {
                used.Add($"{text}: {reader.GetInt64(1):N0} scans");
            }
            else
            {
                unused.Add(text);
            }
        }

        _report.Note($"Index use on tickets_cache during this run (pg_stat_user_indexes): {string.Join("; ", used)}. Not used by any scenario: {(unused.Count == 0 ? "none" : string.Join(", ", unused))}.");
    }

    // ---- 6. CSV export ---------------------------------------------------------------------------

    private async Task ExportAsync(int size, RunningApp app, SignedInClient session, string database, CancellationToken ct)
    {
        Log($"CSV export of {size:N0} rows");
        var expected = await ScalarAsync<long>(database, "SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL", ct);
        var before = app.Process.RssBytes();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.Process.RssBytes());
                try
                {
                    await Task.Delay(10, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        using var response = await session.Http.GetAsync("/Tickets/Export", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var records = await CsvRecordCounter.CountAsync(await response.Content.ReadAsStreamAsync(ct), ct);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var growthMb = (peak - before) / 1024.0 / 1024.0;
        var rows = records - 1;
        var label = $"export {size / 1000:N0}k";
        _report.Add("export.time", label, "time", seconds, $"{seconds:0.00} s ({rows:N0} rows, {rows / seconds:N0} rows/s)", "≤ 3 s", size >= 100_000 ? seconds <= 3 : null);
        _report.Add("export.rss", label, "app RSS growth during export", growthMb, $"{growthMb:N0} MB (peak {peak / 1024.0 / 1024.0:N0} MB)", "flat (≤ 64 MB growth)", growthMb <= 64);
        _report.Check("export: one CSV row per live ticket", rows == expected, $"{rows:N0} rows, {expected:N0} live tickets");
    }

    // ---- Shared steps ----------------------------------------------------------------------------

    private sealed record SyncRun(string Status, int RecordsProcessed, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, string? ErrorMessage);

    private static async Task<SyncRun> SyncAsync(SignedInClient session, bool full, CancellationToken ct)
    {
        var before = await LastFinishedAsync(session, ct);
        using var response = await session.PostFormAsync("/", "/Sync", new Dictionary<string, string> { ["full"] = full ? "true" : "false" }, ct, json: true);
        var started = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        if (started?["started"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"The sync did not start: {started?.ToJsonString()}");
        }

        var deadline = DateTime.UtcNow + SyncTimeout;
        var poll = FirstStatusPoll;
        while (DateTime.UtcNow < deadline)
        {
            var status = await session.Http.GetFromJsonAsync<JsonObject>("/sync/status", ct);
            if (status?["running"] is null && status?["lastFinished"] is JsonObject last && last.ToJsonString() != before)
            {
                return new SyncRun(
                    last["status"]!.GetValue<string>(),
                    last["recordsProcessed"]!.GetValue<int>(),
                    last["startedAt"]!.GetValue<DateTimeOffset>(),
                    last["completedAt"]!.GetValue<DateTimeOffset>(),
                    last["errorMessage"]?.GetValue<string>());
            }

            await Task.Delay(poll, ct);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LastStatusPoll.Ticks));
        }

        throw new TimeoutException($"The sync did not finish within {SyncTimeout}.");
    }

    /// <summary>
    /// Waits until the comments and attachments read after the last run are done (they follow the run in
    /// the app's background, decision 116), so they never overlap the next scenario; returns their time.
    /// </summary>
    private static async Task<long> WaitForCommentsAsync(string database, CancellationToken ct)
    {
        const string State = "SELECT coalesce(details->>'comments_state', '') FROM ticket_sync_log ORDER BY started_at DESC LIMIT 1";
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await ScalarAsync<string>(database, State, ct) is "waiting" or "reading")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The comments backfill did not finish within {SyncTimeout}.");
            }

            await Task.Delay(25, ct);
        }

        return await ScalarAsync<long>(database, "SELECT coalesce((details->'step_ms'->>'comments')::bigint, 0) FROM ticket_sync_log ORDER BY started_at DESC LIMIT 1", ct);
    }

    /// <summary>
    /// Lets the database settle before a run is timed, as an operator's mirror has long since: autovacuum done
    /// with this database (the initial load's and the reconciliation's tables are its first work), then a
    /// checkpoint, so the writes of what came before (a 1M load leaves more than a gigabyte of dirty pages, a
    /// spread checkpoint writes them over minutes) are not written during the run (decision 152). The
    /// checkpoint needs the role pg_checkpoint (scripts/lib/common.sh grants it); without it only the wait is done.
    /// </summary>
    private async Task QuietDatabaseAsync(string database, CancellationToken ct)
    {
        const string Workers = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()";
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync<long>(database, Workers, ct) > 0 && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var autovacuum = waited.Elapsed;
        var checkpoint = Stopwatch.StartNew();
        string written;
        try
        {
            await ExecuteAsync(database, "CHECKPOINT", ct);
            written = $"checkpoint {checkpoint.ElapsedMilliseconds:N0} ms";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            written = "no checkpoint (the role lacks pg_checkpoint)";
        }

        Log($"  quiet database: autovacuum waited {autovacuum.TotalMilliseconds:N0} ms, {written}");
    }

    /// <summary>Prints where the last run's time went (its log's <c>step_ms</c>), for profiling the sync.</summary>
    private async Task LogStepsAsync(string database, CancellationToken ct)
    {
        var steps = await ScalarAsync<string>(database, "SELECT coalesce((details->'step_ms')::text, '{}') FROM ticket_sync_log ORDER BY started_at DESC LIMIT 1", ct);
        Log($"  steps (ms): {steps}");
    }

    private static async Task<string?> LastFinishedAsync(SignedInClient session, CancellationToken ct) =>
        (await session.Http.GetFromJsonAsync<JsonObject>("/sync/status", ct))?["lastFinished"]?.ToJsonString();

    private async Task CheckMirrorAsync(string step, RunningSimulator simulator, string database, CancellationToken ct)
    {
        var remote = await simulator.CountAsync(ct);
        var mirror = await ScalarAsync<long>(database, "SELECT count(*) FROM tickets_cache WHERE deleted_at IS NULL", ct);
        _report.Check($"{step}: mirror count equals remote count", remote == mirror, $"mirror {mirror:N0}, remote {remote:N0}");
    }

    /// <summary>
    /// The list's load client: a browser's session. It starts with the signed-in cookies and keeps what the app sends
    /// back (a renewed auth cookie after the security stamp check or the idle renewal), and asks for HTML as a browser
    /// does. A fixed cookie header instead would age past the stamp check's interval a minute into the run and have
    /// the app check the stamp against the database, and renew the cookie, on every request after that.
    /// </summary>
    private static HttpClient LoadClient(Uri baseUrl, SignedInClient session)
    {
        var cookies = new CookieContainer();
        foreach (var pair in session.CookieHeader.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            cookies.Add(baseUrl, new Cookie(pair[..at], pair[(at + 1)..], "/"));
        }

        var client = LoadLoop.CreateClient(baseUrl, 16, cookies);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    private string[] AppArguments(string connectionString) =>
    [
        $"--ConnectionStrings:Ticketing={connectionString}",
        $"--Ticketing:DataProtection:CertificatePath={KeyRingCertificate()}",
        $"--Ticketing:DataProtection:CertificatePassword={_keyRingPassword}",
        "--Ticketing:Jobs:RunServer=false",
        "--Ticketing:Webhooks:RunProcessor=false",
        "--Logging:LogLevel:Default=Warning",
    ];

    private sealed record RunningApp(ChildProcess Process, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private sealed record RunningSimulator(ChildProcess Process, Uri Url) : IAsyncDisposable
    {
        public HttpClient CreateContractClient(string apiKey)
        {
            var client = new HttpClient { BaseAddress = Url };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            return client;
        }

        public async Task<long> CountAsync(CancellationToken ct)
        {
            using var client = new HttpClient { BaseAddress = Url };
            var health = await client.GetFromJsonAsync<JsonObject>("_sim/health", ct);
            return health!["tickets"]!.GetValue<long>();
        }

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private async Task<RunningSimulator> StartSimulatorAsync(int size, CancellationToken ct)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var dll = Output("tools/Simulator", "Ticketing.Simulator.dll");
        var process = ChildProcess.Start(dll,
            ["--urls", url.ToString().TrimEnd('/'), "--tickets", size.ToString(CultureInfo.InvariantCulture), "--seed", "42", "--api-key", _apiKey],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Logging__LogLevel__Default"] = "Warning" },
            Path.GetDirectoryName(dll)!, LogFile($"simulator-{size}.log"));
        var simulator = new RunningSimulator(process, url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        if (!await PollAsync(async () => await IsOkAsync(client, "_sim/health", ct) || process.HasExited, TimeSpan.FromMinutes(3), ct) || process.HasExited)
        {
            var tail = process.Tail();
            await simulator.DisposeAsync();
            throw new InvalidOperationException($"The simulator did not start:\n{tail}");
        }

        return simulator;
    }

    private async Task<RunningApp> StartAppAsync(string database, Uri simulatorUrl, CancellationToken ct, IReadOnlyDictionary<string, string>? variant = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var dll = Output("src/Web", "Ticketing.Web.dll");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ConnectionStrings__Ticketing"] = database,
            ["Ticketing__Database__MigrateOnStartup"] = "true",
            ["Ticketing__Remote__BaseUrl"] = simulatorUrl.ToString(),
            ["Ticketing__Remote__ApiKey"] = _apiKey,
            ["Ticketing__Remote__WebhookSecret"] = WebhookSecret,
            ["Ticketing__Seed__AdminEmail"] = AdminEmail,
            ["Ticketing__Seed__AdminPassword"] = _adminPassword,
            ["Ticketing__Jobs__RunServer"] = "false",
            // The load loops are one user sending far more than a person: the per-user rate limit would measure itself.
            ["Ticketing__Security__RequestPermitLimit"] = "100000000",
            ["Ticketing__Security__SearchPermitLimit"] = "100000000",
            ["Ticketing__Security__ExportPermitLimit"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
            // Production refuses to start with an unencrypted key ring (docs/security.md, "Keys").
            ["Ticketing__DataProtection__CertificatePath"] = KeyRingCertificate(),
            ["Ticketing__DataProtection__CertificatePassword"] = _keyRingPassword,
        };
        foreach (var (key, value) in options.AppEnvironment.Concat(variant ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        // The content root is the project folder, as with `dotnet run`, so wwwroot is found.
        var process = ChildProcess.Start(dll, [], environment, Path.Combine(options.RepositoryRoot, "src/Web"), LogFile($"app-{new NpgsqlConnectionStringBuilder(database).Database}{(variant is null ? "" : "-" + url.Port)}.log"));
        var app = new RunningApp(process, url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        if (!await PollAsync(async () => await IsOkAsync(client, "health/live", ct) || process.HasExited, TimeSpan.FromMinutes(3), ct) || process.HasExited)
        {
            var tail = process.Tail();
            await app.DisposeAsync();
            throw new InvalidOperationException($"The app did not start:\n{tail}");
        }

        return app;
    }

    private async Task<SignedInClient> SignInAsync(Uri url, CancellationToken ct)
    {
        // The admin is seeded by a start-up task that may finish just after the app reports ready.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await SignedInClient.SignInAsync(url, AdminEmail, _adminPassword, ct);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private string Output(string project, string dll)
    {
        var path = Path.Combine(options.RepositoryRoot, project, "bin", options.Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution in {options.Configuration} first.");
    }

    /// <summary>A self-signed certificate for this run's key ring, made once beside the run's logs.</summary>
    private string KeyRingCertificate()
    {
        var path = LogFile("keyring.pfx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Ticketing benchmark key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, _keyRingPassword));
        }

        return path;
    }

    private string LogFile(string name) => Path.Combine(options.RepositoryRoot, "artifacts", "bench", _runId, name);

    private static async Task<bool> IsOkAsync(HttpClient client, string path, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(path, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50, ct);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString;

    private async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
        return new NpgsqlConnectionStringBuilder(options.PostgresServer) { Database = name }.ConnectionString;
    }

    private async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<string> PostgresVersionAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return $"PostgreSQL {await command.ExecuteScalarAsync(ct)}";
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<T>> QueryListAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static string Ms(double ms) => ms < 10 ? $"{ms:0.00} ms" : $"{ms:N0} ms";

    private void Log(string message) =>
        output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

/// <summary>Counts CSV records in a stream without holding it: newlines outside quoted fields.</summary>
public static class CsvRecordCounter
{
    public static async Task<long> CountAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[81_920];
        long records = 0;
        var quoted = false;
        var pending = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n' && !quoted)
                {
                    records++;
                    pending = false;
                    continue;
                }

                pending = true;
            }
        }

        return pending ? records + 1 : records;
    }
}
