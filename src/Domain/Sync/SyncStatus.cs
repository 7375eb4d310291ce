namespace Ticketing.Domain.Sync;

public enum SyncStatus
{
    InProgress = 0,
    Success = 1,
    /// <summary>The run completed but some records could not be stored.</summary>
    Partial = 2,
    Failed = 3,
}
