using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Sync.Commands.RunSync;

/// <summary>
/// Runs one sync now, in the caller's flow (scheduled jobs, the command line, a manual sync in the
/// background). When another run holds the sync lock, nothing starts and the answer says so.
/// </summary>
public sealed record RunSyncCommand(SyncType Type, bool Full) : ICommand<RunSyncOutcome>
{
    /// <summary>
    /// The sync lock, when the caller already holds it: "Sync now" takes it in the request, so two
    /// requests can never both start a run, and runs in the background under it. The caller keeps
    /// it and releases it after the run.
    /// </summary>
    public ISyncLease? HeldLease { get; init; }
}

/// <summary>Either the finished run, or the run that was already going.</summary>
public sealed record RunSyncOutcome(SyncRunResult? Result, SyncRequestResult? AlreadyRunning);

public sealed class RunSyncHandler(ISyncLock syncLock, SyncEngine engine, ISyncLogRepository logs)
    : ICommandHandler<RunSyncCommand, RunSyncOutcome>
{
    public async ValueTask<RunSyncOutcome> Handle(RunSyncCommand command, CancellationToken cancellationToken)
    {
        if (command.HeldLease is { } held)
        {
            return new RunSyncOutcome(await engine.RunAsync(held, command.Type, command.Full, cancellationToken), null);
        }

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
