namespace Ticketing.Benchmarks;

/// <summary>
/// Why a target is missed and what would fix it, keyed by figure id or an id prefix (<c>list</c>
/// covers every list figure). Written from the profiling of the run that produced
/// docs/benchmarks.md (EXPLAIN ANALYZE, table and index sizes, the code paths); a miss without an
/// entry says so in the report.
/// </summary>
public static class MissExplanations
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sync.full"] =
            "the database write path is the bound, not HTTP: the limit (the same binary COPY + upsert with no HTTP at all) " +
            "is itself far below 20,000/s, and the sync reaches most of it. Per ticket the upsert writes the `tickets_cache` row " +
            "and maintains its 18 indexes — three of them GIN trigram indexes (number, title, description; descriptions reach " +
            "60 KiB) — plus a `created` row in `ticket_history` and in `ticket_events` with their indexes: at 1M the indexes " +
            "(776 MB) outweigh the table (455 MB). Fixes, biggest first: on an initial load into an empty mirror, build the " +
            "trigram indexes after the load (or `fastupdate` with a large `gin_pending_list_limit`), and write one summary row " +
            "instead of a `created` history and event per ticket; fetch page n+1 while page n is upserted (a bounded channel " +
            "of two pages in `SyncEngine`), which hides the HTTP + JSON time; stage 2,000 rows per transaction instead of " +
            "500. The machine also matters: the load average was 9–15 on 2 cores, so the run had a fraction of the CPU.",
        ["sync.limit"] =
            "see the full-sync miss: the sync runs one page after another (fetch, then upsert, then the watermark and " +
            "sync-log updates), so every page pays the HTTP + JSON time on top of the upsert; overlapping the next fetch with " +
            "the current upsert would bring the ratio close to 1.",
        ["sync.full.1,000k.rss"] =
            "the peak is the app's whole working set (ASP.NET Core, EF Core, Hangfire client, Server GC heaps sized for " +
            "throughput); the sync itself holds one page. Workstation or DATAS GC (`DOTNET_GCDynamicAdaptationMode=1`) or a " +
            "`GCHeapHardLimit` would cap it.",
        ["sync.incremental"] =
            "an incremental sync is one page from the remote and one upsert, but each run also takes the advisory lock, " +
            "writes the sync log (start, per page, end), advances the watermark and re-reads the integration settings, each a " +
            "round trip through EF Core; on a loaded 2-core machine these add up. Batching the log/watermark writes into the " +
            "upsert's transaction would remove most of them.",
        ["list"] =
            "the page is not the list query: every request also runs `GetTicketKpisQuery` (the KPI cards above the list), an " +
            "aggregate over every live ticket — EXPLAIN ANALYZE at 1M: a parallel seq scan of 1M rows, 1.5 s — plus the " +
            "lookups (categories, departments, assignees), the SLA counts, the sync panel, the notification badge and the " +
            "saved views: eight or more round trips, one of them a full scan. That serialises the 16 connections behind the " +
            "scan. Fix (small, in `Pages/Tickets/Index.cshtml.cs`): take the KPIs from the Overview's HybridCache entry " +
            "(`overview:figures`, refreshed by live updates) and cache the lookups for a minute; then the page costs the list " +
            "query plus rendering. The raw SQL column shows the list query itself is fast except for the search (trigram " +
            "recheck of long descriptions; an index on title/number only, or a tsvector, would fix it).",
        ["stats.uncached"] =
            "the KPI aggregate reads every live row (1M, 455 MB heap): 1.5 s in EXPLAIN ANALYZE at 1M on this machine. A " +
            "covering partial index `CREATE INDEX CONCURRENTLY ix_tickets_cache_kpis ON tickets_cache (status, priority, " +
            "created_at, resolved_at, due_date) WHERE deleted_at IS NULL` allows an index-only scan (about a third of the " +
            "pages); under 100 ms needs counters kept by the upsert itself (a `ticket_kpi_counters` row updated by delta in " +
            "the same statement).",
        ["stats.cached"] =
            "the cached figure is an HTTP round trip (authentication cookie, JSON of the charts) on a machine at load 9–15; " +
            "the cache lookup itself is microseconds.",
        ["webhooks"] =
            "each accepted message is stored durably before the 2xx: the inbox groups concurrent requests into one INSERT and " +
            "one commit, but on a shared 2-core machine the commit (fsync) and the background processor's upserts compete with " +
            "the endpoint for the same cores. `synchronous_commit = off` for the inbox insert only (it is idempotent by " +
            "`webhook-id`, and the remote retries) or a larger group-commit window would raise the rate.",
        ["export.time"] =
            "the export streams rows (memory stays flat) but formats each row with CsvHelper's injection escaping and reads " +
            "through the mediator's stream; at load 9–15 on 2 cores that is CPU-bound. Writing with a pooled buffer and " +
            "`COPY … TO STDOUT (FORMAT csv)` for the plain columns would be several times faster.",
        ["export.rss"] =
            "the export streams rows; growth comes from Kestrel's response buffers and GC heap growth, not the rows.",
    };
}
