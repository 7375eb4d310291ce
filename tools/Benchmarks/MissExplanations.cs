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
            "an initial load into an empty mirror drops the cache's secondary indexes and builds them once at the end, " +
            "defers the counters and the analytics rollups, writes no per-ticket \"created\" rows or sightings and stores " +
            "two batches of 2,000 at once on their own connections (decisions 062, 112, 113, 151). The run's step_ms " +
            "(ticket_sync_log.details) shows where the time goes, each deferred step on its own (deferred.*). Most of an " +
            "empty-mirror insert is computing the stored search document (to_tsvector), one core per connection; its " +
            "separators now become spaces by replace(), not translate(), about 0.7× the insert's CPU (decision 109). The " +
            "deferred step keeps both cores busy to its end (its steps' own times add up to twice its length), so splitting " +
            "the rollups' rebuild over two connections gains nothing on two cores, and neither more memory for the search " +
            "index's build nor a hash-grouped rebuild was faster (decision 109). Next: fewer rollup rows to sort and index " +
            "in the rebuild, a cheaper text parser for the search document; more cores.",
        ["sync.limit"] =
            "the limit is the initial load's own bulk path without HTTP (the same repository calls and the same store " +
            "pipeline, two batches at once: indexes dropped, COPY and upsert per batch, indexes, counters and rollups " +
            "built at the end), so the ratio is what HTTP, JSON and the sync " +
            "log cost on top.",
        ["sync.full.1,000k.rss"] =
            "three quarters of the peak is there before the sync starts (decision 117: mapped framework and app " +
            "assemblies, JIT code and loader heaps, the GC heap). Decision 098 measured each lever alone at 100k: the app " +
            "now compiles a method once, optimised (no quick JIT: 21 MB less JIT code after the sync), and loads no ICU " +
            "data (invariant globalization: 7 MB less mapped files); ReadyToRun mapped 24 MB more files than it saved in " +
            "code, and neither a 16 MB gen 0 budget nor DATAS's throughput target bounded the GC heap, which grows by " +
            "60–80 MB during the sync. Only a hard heap limit did (96 MB: 35 MB lower before these settings, within the " +
            "noise of a loaded machine after them), not set by default because the " +
            "list page cache may keep 64 MB in the same heap. Decision 115 split the peak (the GC's range about 110 MB " +
            "with 48 MB live mid-sync, malloc 37 MB, files 109 MB, JIT code and loader heaps 67 MB) and measured seven more " +
            "levers; only the 96 MB heap limit with glibc's MALLOC_ARENA_MAX=2 reached 300–304 MB. Decision 148: the list " +
            "page cache keeps its pages in native memory, the app caps glibc's arenas itself (mallopt) and gives back what " +
            "start-up freed (a compacting collection and malloc_trim); an 80 MB heap cap reached 294 MB once but failed a " +
            "1M initial load with OutOfMemoryException in the next quiet run, so no cap is set by default (operators may " +
            "set one; training and PDFs widen it). Decision 157: a third of the sync's heap growth was free space in the " +
            "large-object heap (page bodies and their pooled parse buffers), which the GC does not compact by default; the " +
            "GC now conserves memory (System.GC.ConserveMemory 9: that heap compacted once fragmented, gen 2 collected " +
            "sooner, no limit), 289 MB against 309 MB with it off in the same window at the same CPU. A miss here is the " +
            "machine's noise around that margin, or the setting switched off (DOTNET_GCConserveMemory=0). Next: less " +
            "JIT code and loader heaps (67 MB) and mapped framework files (110 MB), which are there before the sync.",
        ["sync.reconcile"] =
            "a full pass sights each page first and skips the upsert (and the statement triggers it would fire) when " +
            "nothing changed (decision 112): 21–33 ms per page of 500 against 93–195 ms before, measured side by side at " +
            "load 30–45. A sync run's own writes commit without waiting for the disk flush (its outcome's commit flushes " +
            "them), the staging table is created once per session, and PostgreSQL's shared_buffers hold the mirror " +
            "(decision 146). The run's progress is written at most once a second, not after every page (decision 152). What " +
            "is left is the staging COPY and the sightings of each page, the deletion-candidate scan and the comments " +
            "backfill (200 tickets, step_ms.comments).",
        ["sync.incremental"] =
            "the run is complete once its tickets are stored; the comments and attachments of the changed tickets are " +
            "read after it, outside its time and its lock (decision 116; their time is the next row). What is left in the " +
            "run is step_ms.store: the 100 tickets' staging COPY and upsert with the triggers it fires (history, events, " +
            "KPI counters, analytics rollups, SLA dirty marks), the watermark and one progress write; then the deletions " +
            "feed and the agents (one remote request each) and the log row's start and end. At 1M a changed ticket's update " +
            "writes an entry in each of the mirror's indexes; with 128 MB of shared_buffers their leaves came from the " +
            "disk, so the scripts now size shared_buffers for the mirror, the run's writes no longer wait for the flush and " +
            "an index no query used is dropped (decision 146). A B-tree build writes past the buffer cache, so after an initial " +
            "load the mirror's secondary indexes are in no buffer: the first changes read their leaves from the files " +
            "(1,130–1,239 pages, 211–429 ms of a 297–538 ms upsert at 1M under load; 22–44 ms once the indexes were " +
            "prewarmed), and the limit's own 1M load beside it pushed the mirror out of the caches, so the limit now runs " +
            "last and the run is timed from a settled database (decision 152). Next: fewer indexes whose keys a change " +
            "does not touch (the due-date pair), or an incremental page stored on two connections so the reads overlap.",
        ["list"] =
            "every shape is measured twice (decision 133). A repeat view of the same address is answered from the page the " +
            "app kept while nothing it shows changed (the versions of the page's cache tags are in the key, so a change " +
            "makes the next request render): the HTTP exchange, the auth and antiforgery cookies and a 60–70 KB copy. A " +
            "first view (`Cache-Control: no-cache`, as a reload) renders the page: its query is one round trip of 1–3 ms " +
            "(the count and the page in one batch; a filter of statuses and priorities alone is counted from the kept " +
            "counters, decision 169, which took a third to a half off the default page's SQL); the rest is CPU. A dotnet-trace of first views (decision 161) found " +
            "Identity's security stamp check building a sign-in manager, a user manager and a database context on every " +
            "request (10 %; now only when a check is due), the auth cookie's decryption (8 %), a validator compiling its " +
            "rules per request (6 %; validators without dependencies are now singletons), database contexts of cached " +
            "queries' handlers (cached answers are now handed over before the mediator builds the pipeline) and the render " +
            "(4–5 %). The load client keeps cookies as a browser does (before, a fixed cookie header had the app check the " +
            "stamp against the database and renew the cookie on every request after the first minute). Decision 114's " +
            "profile found TLS to the loopback database (15 % of the app's CPU; now off unless the connection string asks), " +
            "database context options built per request (now once) and the unread count and outbox flag handlers built to " +
            "hand back kept answers (now answered from the cache alone). Decision 147 cut the bytes a first view allocates: " +
            "the forms and options without tag helpers (no link generator per form), time cells written straight to the " +
            "page; decision 148 keeps the page's copy for the cache in native memory. Since decision 169 the app's CPU " +
            "per first view (1.0–1.4 ms) is about its SQL's, so the ratio to the SQL alone is bounded near 0.5 on two cores " +
            "shared by the load, the app and the database. Next: a fresh profile of the app's side, fewer strings per row, " +
            "and the GC's pauses under the heap cap. A search is one statement whose count chooses the page's plan " +
            "(decision 154): a common word's cap is proved on a sample of an eighth of the ids, then the page walks the sort's index.",
        ["search"] =
            "one person searching: the page's fixed cost (see the list figures) over its query; a rare word's query takes " +
            "1–4 ms, so a first view's rendering is most of the page's time, and a repeat view answers from the kept page. " +
            "The query is one statement (decision 154): a common word's capped count is proved on a sample of an eighth of " +
            "the ids (its own GIN index), a word with up to 5,000 matches is sorted from them rather than found by walking " +
            "the sort's index (seconds at 1M for a word only old tickets hold).",
        ["stats.uncached"] =
            "uncached means the KPIs and the charts computed from scratch, one statement after another. Each is now an " +
            "index-only scan (EXPLAIN ANALYZE at 1M on this machine: status × priority counts 120 ms, the resolution average " +
            "and SLA counts from the covering `resolved_at` index 180 ms, category and department counts 430 ms, the two " +
            "30-day series about 100 ms each), but each still counts up to a million index entries. Under 100 ms needs " +
            "counters kept by the upsert itself (a `ticket_kpi_counters` table updated by delta in the same statement as " +
            "the rows). Pages never wait for it: they read the cached figures (the cached row), refreshed when a change arrives.",
        ["analytics.uncached"] =
            "compare the page with its reads alone (the rows beside it): the reads are the rollup batch, the mirror's overdue " +
            "column (an index-only count, decision 141) and the SLA months, side by side on three connections. A filter on one " +
            "dimension reads its day series and aging from the one-dimension rollups; its histograms, resolved per assignee, " +
            "top departments and SLA by policy still scan the fine rollups' combinations, one statement each (a single scan " +
            "with grouping sets, or per-dimension indexes on the fine tables, would cut that). The rest is the page: a year is " +
            "about 700 KB of HTML, every day a table row and a chart point with its own drill-down link (at 100,000 tickets " +
            "the page took about 45–130 ms more than its reads).",
        ["stats.cached"] =
            "the cached figure is an HTTP round trip (authentication cookie, JSON of the charts); the cache lookup itself is " +
            "microseconds.",
        ["webhooks"] =
            "each accepted message is stored durably before the 2xx: the inbox groups concurrent requests into one INSERT and " +
            "one commit, but on a shared 2-core machine the commit (fsync) and the background processor's upserts compete with " +
            "the endpoint for the same cores. `synchronous_commit = off` for the inbox insert only (it is idempotent by " +
            "`webhook-id`, and the remote retries) or a larger group-commit window would raise the rate.",
        ["export.time"] =
            "the export streams rows (memory stays flat) but formats each row with CsvHelper's injection escaping and reads " +
            "through the mediator's stream; on 2 shared cores that is CPU-bound. Writing with a pooled buffer and " +
            "`COPY … TO STDOUT (FORMAT csv)` for the plain columns would be several times faster.",
        ["export.rss"] =
            "the export streams rows; growth comes from Kestrel's response buffers and GC heap growth, not the rows.",
    };
}
