using Ticketing.Application.Common.Caching;
using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Sync;

/// <summary>
/// The sync runs. Every write evicts the header's sync state (<see cref="CacheTag.SyncState"/>) once it
/// is committed: a run's start, its progress, its end and an abandoned run show at once.
/// </summary>
internal sealed class SyncLogRepository(TicketingDbContext db, ICacheInvalidator cache) : ISyncLogRepository
{
    public const string AbandonedMessage = "Abandoned: the app stopped while this sync was running.";

    public async Task AddAsync(SyncLog log, CancellationToken cancellationToken)
    {
        db.SyncLogs.Add(log);
        // A run's start is one of its own writes, as its progress is (decision 146).
        await (log.Status == SyncStatus.InProgress
            ? SyncCommits.WithoutFlushWaitAsync(db, db.SaveChangesAsync, cancellationToken)
            : db.SaveChangesAsync(cancellationToken));
        db.Entry(log).State = EntityState.Detached;
        await cache.InvalidateAsync(CacheTag.SyncState);
    }

    public async Task UpdateAsync(SyncLog log, CancellationToken cancellationToken)
    {
        Task<int> Write(CancellationToken token) => db.SyncLogs.Where(l => l.Id == log.Id).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Status, log.Status)
            .SetProperty(l => l.RecordsProcessed, log.RecordsProcessed)
            .SetProperty(l => l.RecordsFailed, log.RecordsFailed)
            .SetProperty(l => l.CompletedAt, log.CompletedAt)
            .SetProperty(l => l.ErrorMessage, log.ErrorMessage)
            .SetProperty(l => l.DetailsJson, log.DetailsJson), token);

        // A run's progress is one of its own writes (decision 146); its outcome's commit flushes them all.
        await EvictingAsync(log.Status == SyncStatus.InProgress
            ? SyncCommits.WithoutFlushWaitAsync(db, Write, cancellationToken)
            : Write(cancellationToken));
    }

    public async Task UpdateDetailsAsync(Guid id, string detailsJson, CancellationToken cancellationToken) =>
        await EvictingAsync(db.SyncLogs.Where(l => l.Id == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.DetailsJson, detailsJson), cancellationToken));

    public Task<int> MarkCommentReadingsStoppedAsync(string note, CancellationToken cancellationToken) =>
        EvictingAsync(db.Database.ExecuteSqlAsync(
            $$"""
            UPDATE ticket_sync_log
            SET details = jsonb_set(details, '{comments_state}', to_jsonb({{SyncDetails.CommentsInterrupted}}::text))
                          || jsonb_build_object('notes', coalesce(details -> 'notes', '[]'::jsonb) || to_jsonb({{note}}::text))
            WHERE details ->> 'comments_state' = {{SyncDetails.CommentsReading}}
            """, cancellationToken));

    public Task<int> MarkAbandonedAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        EvictingAsync(db.SyncLogs
            .Where(l => l.Status == SyncStatus.InProgress && l.SyncType != SyncType.Webhook)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Status, SyncStatus.Failed)
                .SetProperty(l => l.CompletedAt, at)
                .SetProperty(l => l.ErrorMessage, AbandonedMessage), cancellationToken));

    public Task<SyncLog?> GetRunningAsync(CancellationToken cancellationToken) =>
        db.SyncLogs.AsNoTracking()
            .Where(l => l.Status == SyncStatus.InProgress && l.SyncType != SyncType.Webhook)
            .OrderByDescending(l => l.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<SyncLog?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.SyncLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    public Task<SyncLog?> GetLatestFinishedAsync(CancellationToken cancellationToken) =>
        db.SyncLogs.AsNoTracking()
            .Where(l => l.Status != SyncStatus.InProgress && l.SyncType != SyncType.Webhook)
            .OrderByDescending(l => l.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        EvictingAsync(db.SyncLogs.Where(l => l.StartedAt < before && l.Status != SyncStatus.InProgress).ExecuteDeleteAsync(cancellationToken));

    private async Task<int> EvictingAsync(Task<int> write)
    {
        var rows = await write;
        if (rows > 0)
        {
            await cache.InvalidateAsync(CacheTag.SyncState);
        }

        return rows;
    }
}
