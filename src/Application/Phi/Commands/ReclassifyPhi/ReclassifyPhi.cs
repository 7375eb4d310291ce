using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Phi.Commands.ReclassifyPhi;

/// <summary>
/// Goes on with the re-classification the last rule change asked for, batch after batch, until it is
/// done or <see cref="Budget"/> has passed (the job runs every minute; each batch commits its cursor,
/// so a stop or crash loses at most one batch). Sent by the job, or by an admin's "Re-classify now".
/// </summary>
public sealed record ReclassifyPhiCommand(int BatchSize = ReclassifyPhiCommand.DefaultBatchSize) : ICommand<PhiReclassification>, ISystemRequest, IAdminRequest
{
    public const int DefaultBatchSize = 5_000;

    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(50);
}

public sealed class ReclassifyPhiHandler(IPhiRuleStore rules, TimeProvider clock) : ICommandHandler<ReclassifyPhiCommand, PhiReclassification>
{
    public async ValueTask<PhiReclassification> Handle(ReclassifyPhiCommand command, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        PhiReclassification progress;
        do
        {
            progress = await rules.ReclassifyBatchAsync(Math.Max(1, command.BatchSize), cancellationToken);
        }
        while (progress.Running && clock.GetElapsedTime(started) < ReclassifyPhiCommand.Budget);

        return progress;
    }
}
