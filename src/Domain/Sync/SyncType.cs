namespace Ticketing.Domain.Sync;

public enum SyncType
{
    Manual = 0,
    Scheduled = 1,
    Webhook = 2,
}
