using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The <c>ticket_sync_log</c>: one row per sync run (webhooks: one row per minute).</summary>
public interface ISyncLogRepository
{
    Task AddAsync(SyncLog log, CancellationToken cancellationToken);

    /// <summary>Writes the run's counts and state (progress while running, the outcome at the end).</summary>
    Task UpdateAsync(SyncLog log, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only the details of a run that has finished (what its comments backfill read afterwards);
    /// its outcome, counts and times stay as the run left them.
    /// </summary>
    Task UpdateDetailsAsync(Guid id, string detailsJson, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every run whose comments are still "being read" as stopped part-way, with <paramref name="note"/>;
    /// call only while holding the comments backfill lock (then no reading is under way, so such a state was
    /// left by a process that stopped). Returns the runs changed.
    /// </summary>
    Task<int> MarkCommentReadingsStoppedAsync(string note, CancellationToken cancellationToken);

    /// <summary>Marks every sync run still "in progress" as failed ("abandoned"); call only while holding the sync lock.</summary>
    Task<int> MarkAbandonedAsync(DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The sync run in progress, if any (webhook rows excluded).</summary>
    Task<SyncLog?> GetRunningAsync(CancellationToken cancellationToken);

    /// <summary>One run by its id, or null when it was cleaned up.</summary>
    Task<SyncLog?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The latest finished sync run (webhook rows excluded).</summary>
    Task<SyncLog?> GetLatestFinishedAsync(CancellationToken cancellationToken);

    Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
