using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The integration's single settings row.</summary>
public interface ISystemConfigRepository
{
    /// <summary>The settings, or null before the integration has been configured.</summary>
    Task<TicketingSystemConfig?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Moves the incremental sync's watermark forward (never back).</summary>
    Task AdvanceWatermarkAsync(DateTimeOffset watermark, CancellationToken cancellationToken);

    /// <summary>Moves the deletions feed's watermark forward (never back).</summary>
    Task AdvanceDeletionsWatermarkAsync(DateTimeOffset watermark, CancellationToken cancellationToken);

    /// <summary>Records a completed sync: <c>last_successful_sync</c>, and the full-sync time for full runs.</summary>
    Task RecordSuccessfulSyncAsync(DateTimeOffset at, bool full, CancellationToken cancellationToken);
}
