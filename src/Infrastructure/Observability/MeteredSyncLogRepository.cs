using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Observability;

/// <summary>
/// Records each sync run's outcome in <see cref="TicketingMetrics"/> as the run's final state is
/// written: every run, whatever ends it, passes through that one write, so the sync code itself needs
/// no metrics calls. Webhook rows (one per minute, added to by many batches) are not runs.
/// </summary>
internal sealed class MeteredSyncLogRepository(ISyncLogRepository inner) : ISyncLogRepository
{
    public Task AddAsync(SyncLog log, CancellationToken cancellationToken) => inner.AddAsync(log, cancellationToken);

    public async Task UpdateAsync(SyncLog log, CancellationToken cancellationToken)
    {
        await inner.UpdateAsync(log, cancellationToken);
        if (log.Status != SyncStatus.InProgress && log.SyncType != SyncType.Webhook)
        {
            TicketingMetrics.SyncFinished(log);
        }
    }

    public Task UpdateDetailsAsync(Guid id, string detailsJson, CancellationToken cancellationToken) => inner.UpdateDetailsAsync(id, detailsJson, cancellationToken);

    public Task<int> MarkCommentReadingsStoppedAsync(string note, CancellationToken cancellationToken) =>
        inner.MarkCommentReadingsStoppedAsync(note, cancellationToken);

    public Task<SyncLog?> GetAsync(Guid id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<int> MarkAbandonedAsync(DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkAbandonedAsync(at, cancellationToken);

    public Task<SyncLog?> GetRunningAsync(CancellationToken cancellationToken) => inner.GetRunningAsync(cancellationToken);

    public Task<SyncLog?> GetLatestFinishedAsync(CancellationToken cancellationToken) => inner.GetLatestFinishedAsync(cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteOlderThanAsync(before, cancellationToken);
}
