using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sync.Commands.StartManualSync;

/// <summary>
/// "Sync now": takes the sync lock at once (so two requests can never both start one) and runs the
/// sync in the background; the caller follows its progress with <c>GetSyncStatusQuery</c>.
/// </summary>
public sealed record StartManualSyncCommand(bool Full = false) : ICommand<SyncRequestResult>;

public sealed class StartManualSyncHandler(ISyncLock syncLock, IBackgroundSyncRunner runner, ISyncLogRepository logs)
    : ICommandHandler<StartManualSyncCommand, SyncRequestResult>
{
    public async ValueTask<SyncRequestResult> Handle(StartManualSyncCommand command, CancellationToken cancellationToken)
    {
        var lease = await syncLock.TryAcquireAsync(cancellationToken);
        if (lease is null)
        {
            var running = await logs.GetRunningAsync(cancellationToken);
            return SyncRequestResult.AlreadyRunning(running is null ? null : SyncRunView.From(running, false));
        }

        runner.Start(lease, command.Full);
        return new SyncRequestResult(true, null, command.Full ? "Full sync started." : "Sync started.");
    }
}
