namespace Ticketing.Domain.Sync;

/// <summary>One sync run (<c>ticket_sync_log</c>).</summary>
public sealed class SyncLog
{
    public Guid Id { get; set; }
    public SyncType SyncType { get; set; }
    public SyncStatus Status { get; set; }
    public int RecordsProcessed { get; set; }
    public int RecordsFailed { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>Run details as a JSON object: pages, retries, duration, watermark, failed records.</summary>
    public string DetailsJson { get; set; } = "{}";
}
