using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Sync.Commands.RunSync;

/// <summary>
/// Runs one sync now, in the caller's flow (scheduled jobs, the command line). When another run
/// holds the sync lock, nothing starts and the answer says so.
/// </summary>
public sealed record RunSyncCommand(SyncType Type, bool Full) : ICommand<RunSyncOutcome>;

/// <summary>Either the finished run, or the run that was already going.</summary>
public sealed record RunSyncOutcome(SyncRunResult? Result, SyncRequestResult? AlreadyRunning);

public sealed class RunSyncHandler(ISyncLock syncLock, SyncEngine engine, ISyncLogRepository logs)
    : ICommandHandler<RunSyncCommand, RunSyncOutcome>
{
    public async ValueTask<RunSyncOutcome> Handle(RunSyncCommand command, CancellationToken cancellationToken)
    {
        await using var lease = await syncLock.TryAcquireAsync(cancellationToken);
        if (lease is null)
        {
            var running = await logs.GetRunningAsync(cancellationToken);
            return new RunSyncOutcome(null, SyncRequestResult.AlreadyRunning(running is null ? null : SyncRunView.From(running, false)));
        }

        var result = await engine.RunAsync(lease, command.Type, command.Full, cancellationToken);
        return new RunSyncOutcome(result, null);
    }
}
