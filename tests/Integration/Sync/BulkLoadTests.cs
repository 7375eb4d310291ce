using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Analytics;
using Ticketing.IntegrationTests.Hosting;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The initial load into an empty mirror (decisions 062, 113): the list's indexes are dropped and built
/// once at the end, the KPI counters and the analytics rollups rebuilt once, no "created" entry written
/// per ticket — and the mirror, its indexes, its counters and its rollups end exactly as a row-by-row
/// load leaves them, even after an interrupted load.
/// </summary>
[StartsFirst]
public sealed class BulkLoadTests
{
    private const string Indexes = "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'tickets_cache'";
    private const string SecondaryIndexes = """
        SELECT count(*) FROM pg_index i WHERE i.indrelid = 'tickets_cache'::regclass AND NOT i.indisunique AND NOT i.indisprimary
        """;

    // Every counter row, in key order: compared before and after a rebuild from the table itself.
    private const string Counters = """
        SELECT concat_ws('|',
            (SELECT string_agg(concat_ws(',', status, priority, tickets, resolved, resolution_seconds, resolved_with_due, resolved_by_due), ';' ORDER BY status, priority) FROM ticket_counts WHERE tickets <> 0),
            (SELECT string_agg(t::text, ';' ORDER BY t::text) FROM ticket_group_counts t WHERE tickets <> 0),
            (SELECT string_agg(d::text, ';' ORDER BY d::text) FROM ticket_day_counts d))
        """;

    private static readonly Dictionary<string, string?> BulkFrom100 = new() { ["Ticketing:Sync:BulkLoadThreshold"] = "100" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_initial_load_builds_the_indexes_once_and_leaves_the_mirror_and_counters_exact()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 300, pageSize: 50, settings: BulkFrom100);
        var indexes = await sync.ScalarAsync<string>(Indexes);
        (await sync.ScalarAsync<long>(SecondaryIndexes)).ShouldBeGreaterThan(5);

        var run = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        run.Inserted.ShouldBe(300);
        run.Run.Status.ShouldBe(SyncStatus.Success);
        await sync.AssertCacheEqualsRemoteAsync();
        (await sync.ScalarAsync<string>(Indexes)).ShouldBe(indexes);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM deferred_mirror_work")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_history WHERE field = 'created'")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_events WHERE event_type = 'created'")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts")).ShouldBe(300);
        var counters = await sync.ScalarAsync<string>(Counters);
        await sync.ExecuteAsync("SELECT ticket_counters_rebuild()");
        (await sync.ScalarAsync<string>(Counters)).ShouldBe(counters);
        (await LastDetailsAsync(sync)).Notes.ShouldContain(n => n.StartsWith("Initial load: 300 tickets", StringComparison.Ordinal));

        // The next full pass is an ordinary reconciliation over the loaded mirror: every ticket was sighted.
        var second = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();
        second.Inserted.ShouldBe(0);
        second.Updated.ShouldBe(0);
        second.Deleted.ShouldBe(0);
    }

    [Fact]
    public async Task An_initial_load_rebuilds_the_analytics_rollups_once_equal_to_what_the_triggers_keep()
    {
        // Store batches that are no multiple of the remote's pages, and a second kept zone.
        var settings = new Dictionary<string, string?>(BulkFrom100) { ["Ticketing:Sync:BulkLoadStoreSize"] = "120" };
        await using var sync = await SyncSteps.StartAppAsync(tickets: 300, pageSize: 50, settings: settings);
        (await sync.ScalarAsync<bool>("SELECT analytics_zone_add('Asia/Kolkata')")).ShouldBeTrue();

        var run = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        run.Inserted.ShouldBe(300);
        (await LastDetailsAsync(sync)).Notes.ShouldContain(n => n.Contains("the analytics rollups were built once", StringComparison.Ordinal));
        (await sync.ScalarAsync<long>("SELECT count(*) FROM deferred_mirror_work")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(created), 0)::bigint FROM analytics_day_rollups WHERE zone = 'Asia/Kolkata'")).ShouldBe(300);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(created), 0)::bigint FROM analytics_dim_rollups WHERE zone = 'UTC' AND dimension = 'all'")).ShouldBe(300);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM analytics_open_counts")).ShouldBe(
            await sync.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE status IN ('open', 'in_progress', 'pending', 'on_hold')"));
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM analytics_resolution_hist WHERE zone = 'UTC'")).ShouldBe(
            await sync.ScalarAsync<long>("SELECT count(*) FROM tickets_cache WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL"));
        var rebuilt = await AnalyticsRollupTests.RollupsAsync(sync.Database);
        var rebuiltDimensions = await AnalyticsRollupTests.DimensionRollupsAsync(sync.Database, "analytics_dim_rollups", "analytics_dim_hist");

        // The triggers' own arithmetic as the reference: every ticket leaves the rollups (all back to
        // zero), then comes back, one statement each.
        await sync.ExecuteAsync("UPDATE tickets_cache SET deleted_at = now()");
        (await AnalyticsRollupTests.RollupsAsync(sync.Database)).ShouldBeEmpty();
        (await AnalyticsRollupTests.DimensionRollupsAsync(sync.Database, "analytics_dim_rollups", "analytics_dim_hist")).ShouldBeEmpty();
        await sync.ExecuteAsync("UPDATE tickets_cache SET deleted_at = NULL");

        (await AnalyticsRollupTests.RollupsAsync(sync.Database)).ShouldBe(rebuilt);
        (await AnalyticsRollupTests.DimensionRollupsAsync(sync.Database, "analytics_dim_rollups", "analytics_dim_hist")).ShouldBe(rebuiltDimensions);
    }

    [Fact]
    public async Task A_first_sync_below_the_threshold_is_an_ordinary_one()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 40, pageSize: 25, settings: BulkFrom100);

        (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull().Inserted.ShouldBe(40);

        (await sync.ScalarAsync<long>("SELECT count(*) FROM ticket_history WHERE field = 'created'")).ShouldBe(40);
        (await LastDetailsAsync(sync)).Notes.ShouldNotContain(n => n.StartsWith("Initial load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interrupted_initial_load_is_finished_by_the_next_sync()
    {
        await using var sync = await SyncSteps.StartAppAsync(tickets: 120, pageSize: 50, settings: BulkFrom100);
        var indexes = await sync.ScalarAsync<string>(Indexes);

        // A load that stored one page and then died: its indexes dropped, its counters never rebuilt.
        await sync.InScopeAsync(async services =>
        {
            var repository = services.GetRequiredService<ITicketRepository>();
            (await repository.TryBeginBulkLoadAsync(Ct)).ShouldBeTrue();
            (await repository.TryBeginBulkLoadAsync(Ct)).ShouldBeFalse();
            var firstPage = await services.GetRequiredService<ITicketingApi>().StreamChangedSinceAsync(null, 50, Ct).FirstAsync(Ct);
            (await repository.BulkLoadManyAsync(firstPage.Tickets, DateTimeOffset.UtcNow, Ct)).Inserted.ShouldBe(50);
        });
        (await sync.ScalarAsync<long>(SecondaryIndexes)).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(created), 0)::bigint FROM analytics_day_rollups")).ShouldBe(0);

        var run = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        run.Run.Status.ShouldBe(SyncStatus.Success);
        (await sync.ScalarAsync<string>(Indexes)).ShouldBe(indexes);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM deferred_mirror_work")).ShouldBe(0);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts")).ShouldBe(120);
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(created), 0)::bigint FROM analytics_day_rollups WHERE zone = 'UTC'")).ShouldBe(120);
        await sync.AssertCacheEqualsRemoteAsync();
        (await LastDetailsAsync(sync)).Notes.ShouldContain(n => n.Contains("interrupted initial load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_initial_load_whose_store_fails_moves_the_watermark_only_past_what_is_stored_and_the_next_sync_completes_it()
    {
        // Batches of 50 stored two at once (decision 151); the third store fails while others are in flight.
        var failing = new FailingBulkStore(failOnCall: 3);
        var settings = new Dictionary<string, string?>(BulkFrom100) { ["Ticketing:Sync:BulkLoadStoreSize"] = "50" };
        await using var sync = await SyncSteps.StartAppAsync(tickets: 300, pageSize: 25, settings: settings, configureServices: failing.Register);
        var indexes = await sync.ScalarAsync<string>(Indexes);

        var run = (await sync.SyncAsync(full: true)).Result.ShouldNotBeNull();

        run.Run.Status.ShouldBe(SyncStatus.Failed);
        failing.Calls.ShouldBeGreaterThanOrEqualTo(3);
        (await sync.ScalarAsync<string>(Indexes)).ShouldBe(indexes);
        (await sync.ScalarAsync<long>("SELECT count(*) FROM deferred_mirror_work")).ShouldBe(0);
        HashSet<string> cached;
        DateTimeOffset watermark;
        await using (var db = sync.Database.CreateDbContext())
        {
            cached = [.. await db.Tickets.Select(t => t.ExternalTicketId).ToListAsync(Ct)];
            watermark = (await db.SystemConfigs.SingleAsync(Ct)).SyncWatermark.ShouldNotBeNull();
        }

        // The two batches before the failed one are stored and passed; nothing the watermark passed is missing.
        var remote = sync.Simulator.Store.Snapshot();
        var passed = remote.Where(t => new DateTimeOffset(t.UpdatedAt, TimeSpan.Zero) < watermark).ToList();
        passed.Count.ShouldBeGreaterThanOrEqualTo(99);
        passed.ShouldAllBe(t => cached.Contains(t.Id));
        cached.Count.ShouldBeLessThan(300);

        var next = (await sync.SyncAsync(full: false)).Result.ShouldNotBeNull();

        next.Run.Status.ShouldBe(SyncStatus.Success);
        await sync.AssertCacheEqualsRemoteAsync();
        (await sync.ScalarAsync<long>("SELECT coalesce(sum(tickets), 0)::bigint FROM ticket_counts")).ShouldBe(300);
    }

    private static async Task<SyncDetails> LastDetailsAsync(TestApp sync)
    {
        await using var db = sync.Database.CreateDbContext();
        var log = await db.SyncLogs.Where(l => l.SyncType != SyncType.Webhook).OrderByDescending(l => l.StartedAt).FirstAsync(Ct);
        return SyncDetails.FromJson(log.DetailsJson).ShouldNotBeNull();
    }
}
