using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Sync.Commands.RunSync;

/// <summary>
/// Runs one sync now, in the caller's flow (scheduled jobs, the command line, a manual sync in the
/// background). When another run holds the sync lock, nothing starts and the answer says so. The run is
/// complete, and the sync lock released, once its tickets are stored; the comments and attachments of the
/// tickets it changed are read next, in the same flow under a lock of their own (decision 116), so the
/// answer comes after both while the next run may already start.
/// </summary>
public sealed record RunSyncCommand(SyncType Type, bool Full) : ICommand<RunSyncOutcome>
{
    /// <summary>
    /// The sync lock, when the caller already holds it: "Sync now" takes it in the request, so two
    /// requests can never both start a run, and runs in the background under it. It is released when the
    /// run is complete (releasing it again, as the caller does afterwards, does nothing).
    /// </summary>
    public ISyncLease? HeldLease { get; init; }
}

/// <summary>Either the finished run, or the run that was already going.</summary>
public sealed record RunSyncOutcome(SyncRunResult? Result, SyncRequestResult? AlreadyRunning);

public sealed class RunSyncHandler(ISyncLock syncLock, SyncEngine engine, CommentBackfill comments, ISyncLogRepository logs)
    : ICommandHandler<RunSyncCommand, RunSyncOutcome>
{
    public async ValueTask<RunSyncOutcome> Handle(RunSyncCommand command, CancellationToken cancellationToken)
    {
        var lease = command.HeldLease ?? await syncLock.TryAcquireAsync(cancellationToken);
        if (lease is null)
        {
            var running = await logs.GetRunningAsync(cancellationToken);
            return new RunSyncOutcome(null, SyncRequestResult.AlreadyRunning(running is null ? null : SyncRunView.From(running, false)));
        }

        SyncRunResult result;
        try
        {
            result = await engine.RunAsync(lease, command.Type, command.Full, cancellationToken);
        }
        finally
        {
            await lease.DisposeAsync();
        }

        if (result.CommentsWaiting)
        {
            await comments.RunAsync(result.Run.Id, cancellationToken);
        }

        return new RunSyncOutcome(result, null);
    }
}
