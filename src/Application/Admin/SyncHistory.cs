using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin;

/// <summary>The last <see cref="Days"/> days of syncs, per day of the admin's zone, for the charts.</summary>
public static class SyncHistory
{
    public const int Days = 30;

    public static async Task<IReadOnlyList<SyncDay>> LoadAsync(IAdminSyncLogReader logs, TimeZoneInfo zone, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var first = today.AddDays(-(Days - 1));
        var found = await logs.DailyAsync(AdminTime.StartOf(first, zone)!.Value, AdminTime.IanaId(zone), cancellationToken);
        // Every day, days without runs included, so the axis has no gaps.
        var byDay = found.ToDictionary(d => d.Day);
        return [.. Enumerable.Range(0, Days)
            .Select(first.AddDays)
            .Select(day => byDay.TryGetValue(day, out var d) ? d : new SyncDay(day, 0, 0, 0, null, 0, 0))];
    }
}
