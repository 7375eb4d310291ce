namespace Ticketing.Application.Common.Interfaces;

/// <summary>Keeps the recurring jobs in line with the integration's settings.</summary>
public interface ISyncScheduler
{
    /// <summary>
    /// Schedules the recurring sync every <c>sync_interval_minutes</c> while <c>sync_enabled</c> and
    /// <c>is_active</c> (removes it otherwise), and the daily maintenance jobs.
    /// </summary>
    Task ApplyAsync(CancellationToken cancellationToken);
}
