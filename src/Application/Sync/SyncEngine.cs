using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync;

/// <summary>
/// One sync run, under a lease of the sync lock: streams the remote's changes page by page (never
/// holding more than a page, or a few of an initial load), stores each page in bulk, keeps the log row
/// current as progress, and moves the watermark only past what is stored. Then it applies the remote's
/// deletions feed; a full run also asks the remote about each live ticket the pass did not see (absence
/// alone never deletes). Last, the agents are refreshed. The run is complete once this is stored; the
/// comments and attachments of changed tickets are read afterwards (<see cref="CommentBackfill"/>),
/// outside the run's time and lock.
/// </summary>
public sealed class SyncEngine(
    IOptions<SyncOptions> options,
    ITicketingApi remote,
    ITicketRepository tickets,
    IAgentRepository agentRepository,
    ISyncLogRepository logs,
    ISystemConfigRepository configs,
    TimeProvider clock,
    ILogger<SyncEngine> logger)
{
    /// <summary>Changes stamped shortly before the watermark may still be committing at the remote.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    private readonly SyncDeletions _deletions = new(options.Value, remote, tickets, configs, clock, logger);
    private readonly SyncAgents _agents = new(remote, agentRepository, clock, logger);

    /// <summary>When the running log row was last written (its start counts), on <see cref="TimeProvider.GetTimestamp"/>'s scale.</summary>
    private long _progressSavedAt;

    public async Task<SyncRunResult> RunAsync(ISyncLease lease, SyncType type, bool full, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var started = clock.GetUtcNow();
        var opening = Stopwatch.StartNew();
        var abandoned = await logs.MarkAbandonedAsync(started, cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("Marked {Count} sync run(s) left in progress by a crash as abandoned", abandoned);
        }

        var log = new SyncLog
        {
            Id = Guid.CreateVersion7(),
            SyncType = type,
            Status = SyncStatus.InProgress,
            StartedAt = started,
        };
        var config = await configs.GetAsync(cancellationToken);
        var details = new SyncDetails { Mode = full ? "full" : "incremental", WatermarkBefore = config?.SyncWatermark };
        log.DetailsJson = details.ToJson();
        await logs.AddAsync(log, cancellationToken);
        _progressSavedAt = clock.GetTimestamp();
        // Inside the run's time (started_at is its first instant), though before its own stopwatch.
        details.AddStep("start", opening.Elapsed);

        var stopwatch = Stopwatch.StartNew();
        DateTimeOffset? stored = null;
        var bulk = false;
        var pending = new List<Ticket>();
        try
        {
            // Declared inside the try: whatever ends the run, what is still being stored is waited for
            // before a failure is recorded and a failed load's deferred steps run.
            await using var pipeline = new BulkStorePipeline(tickets, clock, Math.Max(options.Value.BulkLoadStoresAtOnce, 1));
            if (config is null || !config.IsActive)
            {
                throw new RemoteUnavailableException(config is null
                    ? "The Championship IT integration is not configured."
                    : "The Championship IT integration is switched off (not active).");
            }

            var since = full || config.SyncWatermark is null ? (DateTimeOffset?)null : config.SyncWatermark.Value - Overlap;
            details.Since = since;
            logger.LogInformation("Sync {SyncId} started: {Mode} ({Type}) since {Since}", log.Id, details.Mode, type, since);

            // What an interrupted bulk load left (dropped indexes, deferred counters) is finished first.
            var step = Stopwatch.StartNew();
            var finished = await tickets.CompleteBulkLoadAsync(cancellationToken);
            if (finished.Count > 0)
            {
                details.Notes.Add($"Finished {finished.Count} step(s) an interrupted initial load had put off (indexes, counters).");
            }

            if (full)
            {
                // An unchanged ticket is not rewritten, only sighted; this pass's sightings replace the last one's.
                await tickets.BeginFullPassAsync(cancellationToken);
            }

            details.AddStep("prepare", step.Elapsed);
            step.Restart();

            // The next page is fetched and parsed while this one is stored (one page ahead: memory stays
            // at a few pages); the cursor depends only on what the remote sent, never on what is stored.
            await foreach (var batch in remote.StreamChangedSinceAsync(since, options.Value.PageSize, cancellationToken)
                               .ReadAheadAsync(depth: 1, cancellationToken))
            {
                details.AddStep("remote_wait", step.Elapsed);
                step.Restart();
                details.Pages++;
                details.Retries += batch.Retries;
                details.TieGroupsUnverified += batch.UnverifiedTieGroups;
                foreach (var error in batch.Errors)
                {
                    details.AddFailure(error.ExternalId, error.Reason);
                }

                if (full && details.Pages == 1 && options.Value.BulkLoadThreshold > 0 && batch.RemoteTotal >= options.Value.BulkLoadThreshold)
                {
                    bulk = await tickets.TryBeginBulkLoadAsync(cancellationToken);
                    if (bulk)
                    {
                        logger.LogInformation("Sync {SyncId}: an initial load of {Total} tickets into an empty mirror; indexes are built once at its end", log.Id, batch.RemoteTotal);
                    }
                }

                log.RecordsFailed += batch.Errors.Count;
                if (!bulk)
                {
                    stored = await StoreAsync(batch.Tickets, full, log, details, stopwatch, stored, cancellationToken);
                }
                else
                {
                    // A bulk load stores several remote pages per transaction, and several transactions at
                    // once (on their own connections); the watermark still moves only past what is stored.
                    pending.AddRange(batch.Tickets);
                    if (pending.Count >= options.Value.BulkLoadStoreSize)
                    {
                        var done = await pipeline.AddAsync(pending, cancellationToken);
                        pending = [];
                        stored = await RecordStoredAsync(done, log, details, stopwatch, stored, cancellationToken);
                    }
                }

                details.AddStep("store", step.Elapsed);
                step.Restart();
            }

            details.AddStep("remote_wait", step.Elapsed);
            if (bulk)
            {
                step.Restart();
                var done = await pipeline.AddAsync(pending, cancellationToken);
                pending = [];
                stored = await RecordStoredAsync([.. done, .. await pipeline.DrainAsync()], log, details, stopwatch, stored, cancellationToken);
                details.AddStep("store", step.Elapsed);

                var built = Stopwatch.StartNew();
                var deferred = await tickets.CompleteBulkLoadAsync(cancellationToken);
                details.AddStep("deferred_indexes", built.Elapsed);
                foreach (var ran in deferred)
                {
                    // Each step's own time (two run at once, so they add up to more than the step above).
                    details.AddStep("deferred." + ran.Name, ran.Elapsed);
                }

                details.Notes.Add(
                    $"Initial load: {details.Inserted} tickets stored into an empty mirror; the list's indexes, the counters and the analytics rollups were built once at the end ({built.ElapsedMilliseconds} ms), and no \"created\" entry was written per ticket.");
                await SaveProgressAsync(log, details, stopwatch, stored, cancellationToken);
            }

            step.Restart();
            var servesVersion11 = await _deletions.ApplyFeedAsync(config, log, details, cancellationToken);
            details.AddStep("deletions_feed", step.Elapsed);
            step.Restart();
            if (full)
            {
                // A complete pass stored or sighted everything it saw during this run; what it did not
                // see is only a candidate, which the remote must confirm.
                await _deletions.CheckCandidatesAsync(started, details, cancellationToken);
                details.AddStep("deletion_candidates", step.Elapsed);
            }

            step.Restart();
            await SaveProgressAsync(log, details, stopwatch, stored, cancellationToken);
            details.AddStep("progress", step.Elapsed);
            step.Restart();
            await _agents.RefreshAsync(details, cancellationToken);
            details.AddStep("agents", step.Elapsed);
            if (servesVersion11 && options.Value.CommentTicketsPerRun > 0)
            {
                details.CommentsState = SyncDetails.CommentsWaiting;
            }

            step.Restart();
            await VacuumAfterBulkLoadAsync(log, details, cancellationToken);
            details.AddStep("vacuum", step.Elapsed);

            log.Status = log.RecordsFailed > 0 || details.CandidatesUnconfirmed > 0 ? SyncStatus.Partial : SyncStatus.Success;
            if (details.CandidatesUnconfirmed > 0)
            {
                log.ErrorMessage = details.Notes.FirstOrDefault(n => n.Contains("unconfirmed", StringComparison.Ordinal));
            }

            log.CompletedAt = clock.GetUtcNow();
            await configs.RecordSuccessfulSyncAsync(log.CompletedAt.Value, full, cancellationToken);
            logger.LogInformation(
                "Sync {SyncId} finished {Status}: {Processed} processed ({Inserted} new, {Updated} changed), {Failed} failed, {Deleted} deleted " +
                "({Candidates} candidates: {Confirmed} confirmed, {Live} still live, {Unconfirmed} unconfirmed), {Pages} pages, {Retries} retries",
                log.Id, log.Status, log.RecordsProcessed, details.Inserted, details.Updated, log.RecordsFailed, details.Deleted,
                details.DeletionCandidates, details.CandidatesConfirmedDeleted, details.CandidatesStillLive, details.CandidatesUnconfirmed,
                details.Pages, details.Retries);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FailAsync(log, details, stopwatch, stored, "The sync was cancelled (the app is shutting down).");
            throw;
        }
        catch (Exception ex) when (ex is RemoteUnavailableException or RemoteUnauthorizedException or RemoteRejectedException or RemoteNotFoundException)
        {
            await FailAsync(log, details, stopwatch, stored, ex.Message);
            logger.LogWarning("Sync {SyncId} failed: {Reason}", log.Id, ex.Message);
        }
        catch (Exception ex)
        {
            await FailAsync(log, details, stopwatch, stored, $"Unexpected error: {ex.GetType().Name}: {ex.Message}");
            logger.LogError(ex, "Sync {SyncId} failed unexpectedly", log.Id);
        }

        if (bulk && log.Status == SyncStatus.Failed && !cancellationToken.IsCancellationRequested)
        {
            // A failed initial load keeps what it stored; the list must not wait for the next run to get its indexes back.
            await CompleteBulkLoadAfterFailureAsync(log);
        }

        if (log.Status != SyncStatus.Failed)
        {
            details.DurationMs = stopwatch.ElapsedMilliseconds;
            details.WatermarkAfter = stored ?? details.WatermarkBefore;
            log.DetailsJson = details.ToJson();
            await logs.UpdateAsync(log, CancellationToken.None);
        }

        return new SyncRunResult(SyncRunView.From(log, full), details.Inserted, details.Updated, details.Unchanged, details.Deleted, details.Pages, details.Retries)
        {
            CommentsWaiting = log.Status != SyncStatus.Failed && details.CommentsState == SyncDetails.CommentsWaiting,
        };
    }

    private async Task CompleteBulkLoadAfterFailureAsync(SyncLog log)
    {
        try
        {
            await tickets.CompleteBulkLoadAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The next run finishes it (it starts with what a load put off).
            logger.LogError(ex, "Sync {SyncId}: finishing the failed initial load's deferred indexes and counters failed", log.Id);
        }
    }

    /// <summary>
    /// Stores one remote page, advances the watermark past it and saves the run's progress; returns the
    /// newest change stored so far.
    /// </summary>
    private async Task<DateTimeOffset?> StoreAsync(
        IReadOnlyCollection<Ticket> batch, bool full, SyncLog log, SyncDetails details, Stopwatch stopwatch, DateTimeOffset? stored, CancellationToken cancellationToken)
    {
        var result = await tickets.UpsertManyAsync(batch, ChangeSource.Sync, clock.GetUtcNow(), touchUnchanged: full, cancellationToken);
        StoredBatch[] done = batch.Count == 0 ? [] : [new StoredBatch(batch.Count, batch.Max(t => t.UpdatedAt), result)];
        return await RecordStoredAsync(done, log, details, stopwatch, stored, cancellationToken);
    }

    /// <summary>
    /// Counts stored batches (oldest first, each stored with every batch before it), advances the
    /// watermark past the newest change among them and saves the run's progress; returns the newest change
    /// stored so far.
    /// </summary>
    private async Task<DateTimeOffset?> RecordStoredAsync(
        IReadOnlyList<StoredBatch> done, SyncLog log, SyncDetails details, Stopwatch stopwatch, DateTimeOffset? stored, CancellationToken cancellationToken)
    {
        var before = stored;
        foreach (var batch in done)
        {
            details.Inserted += batch.Result.Inserted;
            details.Updated += batch.Result.Updated;
            details.Unchanged += batch.Result.Unchanged;
            log.RecordsProcessed += batch.Count;
            if (stored is null || batch.Highest > stored)
            {
                stored = batch.Highest;
            }
        }

        if (stored != before && stored is { } highest)
        {
            await configs.AdvanceWatermarkAsync(highest, cancellationToken);
        }

        // The log row is the admin page's view of a running sync: seconds old is current enough (decision 152).
        if (clock.GetElapsedTime(_progressSavedAt) >= options.Value.ProgressInterval)
        {
            await SaveProgressAsync(log, details, stopwatch, stored, cancellationToken);
        }

        return stored;
    }

    /// <summary>Keeps the log row current while the run goes on, so the admin page shows progress.</summary>
    private async Task SaveProgressAsync(SyncLog log, SyncDetails details, Stopwatch stopwatch, DateTimeOffset? stored, CancellationToken cancellationToken)
    {
        _progressSavedAt = clock.GetTimestamp();
        details.DurationMs = stopwatch.ElapsedMilliseconds;
        details.WatermarkAfter = stored ?? details.WatermarkBefore;
        log.DetailsJson = details.ToJson();
        await logs.UpdateAsync(log, cancellationToken);
    }

    /// <summary>
    /// After a run that wrote many rows, VACUUM (ANALYZE) so the list and the KPIs get good plans and
    /// index-only scans at once. Its failure is logged, never the run's: the data is already stored.
    /// </summary>
    private async Task VacuumAfterBulkLoadAsync(SyncLog log, SyncDetails details, CancellationToken cancellationToken)
    {
        var threshold = options.Value.VacuumAfterChangedRows;
        var changed = details.Inserted + details.Updated + details.Deleted;
        if (threshold <= 0 || changed < threshold)
        {
            return;
        }

        var vacuum = Stopwatch.StartNew();
        try
        {
            await tickets.VacuumAnalyzeAsync(cancellationToken);
            logger.LogInformation("Sync {SyncId}: {Changed} tickets written; the cache was vacuumed and analysed in {Ms} ms", log.Id, changed, vacuum.ElapsedMilliseconds);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Sync {SyncId}: vacuuming the cache after {Changed} written tickets failed; autovacuum will catch up", log.Id, changed);
        }
    }

    private async Task FailAsync(SyncLog log, SyncDetails details, Stopwatch stopwatch, DateTimeOffset? stored, string reason)
    {
        log.Status = SyncStatus.Failed;
        log.ErrorMessage = reason.Length > 4000 ? reason[..4000] : reason;
        details.CommentsState = null;
        log.CompletedAt = clock.GetUtcNow();
        details.DurationMs = stopwatch.ElapsedMilliseconds;
        details.WatermarkAfter = stored ?? details.WatermarkBefore;
        log.DetailsJson = details.ToJson();
        await logs.UpdateAsync(log, CancellationToken.None);
    }
}
