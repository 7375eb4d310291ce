using Ticketing.Application.Common.Caching;
using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Integration;

internal sealed class SystemConfigRepository(TicketingDbContext db, TimeProvider clock, ICacheInvalidator cache) : ISystemConfigRepository
{
    public Task<TicketingSystemConfig?> GetAsync(CancellationToken cancellationToken) =>
        db.SystemConfigs.AsNoTracking().OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    // One of a sync run's own writes (decision 146): the WAL's order keeps it from outliving what it covers.
    public Task AdvanceWatermarkAsync(DateTimeOffset watermark, CancellationToken cancellationToken) =>
        SyncCommits.WithoutFlushWaitAsync(
            db,
            token => db.SystemConfigs
                .Where(c => c.SyncWatermark == null || c.SyncWatermark < watermark)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SyncWatermark, watermark.ToUniversalTime()), token),
            cancellationToken);

    public Task AdvanceDeletionsWatermarkAsync(DateTimeOffset watermark, CancellationToken cancellationToken) =>
        db.SystemConfigs
            .Where(c => c.DeletionsWatermark == null || c.DeletionsWatermark < watermark)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletionsWatermark, watermark.ToUniversalTime()), cancellationToken);

    public async Task RecordSuccessfulSyncAsync(DateTimeOffset at, bool full, CancellationToken cancellationToken)
    {
        var utc = at.ToUniversalTime();
        var now = clock.GetUtcNow();
        await (full
            ? db.SystemConfigs.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastSuccessfulSync, utc)
                .SetProperty(c => c.LastFullSync, utc)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken)
            : db.SystemConfigs.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastSuccessfulSync, utc)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken));

        // The header's sync state shows the last successful sync.
        await cache.InvalidateAsync(CacheTag.SyncState);
    }
}
