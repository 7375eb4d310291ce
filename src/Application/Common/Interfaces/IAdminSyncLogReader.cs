using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>Reads <c>ticket_sync_log</c> for the admin pages.</summary>
public interface IAdminSyncLogReader
{
    Task<AdminPage<SyncLog>> QueryAsync(SyncLogFilter filter, int page, int size, CancellationToken cancellationToken);

    Task<SyncLog?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Per day of <paramref name="zone"/> (an IANA id) since <paramref name="since"/>: the sync runs
    /// (webhook rows excluded), how many succeeded, their average duration and the records they
    /// stored, and the webhook messages applied.
    /// </summary>
    Task<IReadOnlyList<SyncDay>> DailyAsync(DateTimeOffset since, string zone, CancellationToken cancellationToken);
}

/// <summary>Null fields do not filter; <see cref="To"/> is exclusive.</summary>
public sealed record SyncLogFilter(SyncType? Type, SyncStatus? Status, DateTimeOffset? From, DateTimeOffset? To);

public sealed record SyncDay(DateOnly Day, int Runs, int Succeeded, int Failed, double? AverageDurationMs, long RecordsSynced, long WebhookMessages)
{
    /// <summary>Successful and partial runs over all finished runs, in percent; null without runs.</summary>
    public double? SuccessRate => Runs == 0 ? null : 100.0 * Succeeded / Runs;
}

/// <summary>One page of a list, with the total count for the pager.</summary>
public sealed record AdminPage<T>(IReadOnlyList<T> Items, int Page, int Size, int Total)
{
    public int TotalPages => Math.Max(1, (Total + Size - 1) / Size);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < TotalPages;
}
