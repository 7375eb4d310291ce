namespace Ticketing.Application.Common.Interfaces;

/// <summary>Runs a sync in the background of this app instance, under a lease already acquired.</summary>
public interface IBackgroundSyncRunner
{
    /// <summary>Starts the run and returns at once; the runner disposes the lease when the run ends.</summary>
    void Start(ISyncLease lease, bool full);
}
