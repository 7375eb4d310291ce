namespace Ticketing.Application.Sync;

/// <summary>Sync settings, bound from <c>Ticketing:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string Section = "Ticketing:Sync";

    /// <summary>Tickets asked for per remote page (the remote clamps to 500).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// A run that inserts, changes or deletes at least this many tickets ends with <c>VACUUM (ANALYZE)</c>
    /// of the cache, so the planner knows the new rows and the list and KPI queries can use index-only
    /// scans at once rather than after autovacuum comes round. 0 switches it off.
    /// </summary>
    public int VacuumAfterChangedRows { get; set; } = 50_000;

    /// <summary>
    /// A full run into an empty mirror whose remote holds at least this many tickets is an initial bulk
    /// load: the cache's secondary indexes are built once at its end instead of row by row, the KPI
    /// counters are rebuilt once, and no "created" history row or event is written per ticket (decision
    /// 062). 0 switches it off.
    /// </summary>
    public int BulkLoadThreshold { get; set; } = 20_000;

    /// <summary>
    /// Tickets an initial bulk load stores per transaction (several remote pages): fewer commits,
    /// statements and progress writes per ticket, while the app holds only these and one page read ahead.
    /// </summary>
    public int BulkLoadStoreSize { get; set; } = 2_000;

    /// <summary>
    /// Batches an initial bulk load stores at once, each in its own transaction on its own connection
    /// (decision 151): the database's CPU-heavy part of a batch then runs on every core. The watermark
    /// still moves only past batches stored together with every batch before them. 1: one at a time.
    /// </summary>
    public int BulkLoadStoresAtOnce { get; set; } = 2;

    /// <summary>
    /// Least time between two progress writes to a running sync's log row while it stores pages: a full pass
    /// stores a page of 500 every 20–30 ms, and writing the row after each (a transaction of four round trips
    /// and the header's cache eviction) was a few per cent of the pass (decision 152). The watermark still
    /// moves after every stored page; the row is written again after the deletions and at the end.
    /// </summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deletion candidates of a full run read from the cache (and confirmed one by one) per round.</summary>
    public int DeletionCheckBatchSize { get; set; } = 100;

    /// <summary>
    /// Deletion candidates a full run checks at most; the rest stay live (and are counted) until the next
    /// full run, so a remote that lost many tickets cannot make one run endless.
    /// </summary>
    public int MaxDeletionChecksPerRun { get; set; } = 10_000;

    /// <summary>
    /// Tickets whose comments one run reads at most (half the most recently changed, half the longest
    /// waiting); the rest wait for the next run.
    /// </summary>
    public int CommentTicketsPerRun { get; set; } = 200;

    /// <summary>Tickets whose comments and attachments are read from the remote at the same time.</summary>
    public int CommentReadsInParallel { get; set; } = 4;

    /// <summary>Comments asked for per remote page.</summary>
    public int CommentPageSize { get; set; } = 100;
}
