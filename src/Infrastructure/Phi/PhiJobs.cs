using System.ComponentModel;
using Hangfire;
using Mediator;
using Ticketing.Application.Phi.Commands.ReclassifyPhi;

namespace Ticketing.Infrastructure.Phi;

/// <summary>The PHI job: it only sends the command, so the rule lives in the Application handler.</summary>
public sealed class PhiJobs(ISender sender)
{
    [DisplayName("Re-classify tickets after a PHI rule change")]
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task Reclassify(CancellationToken cancellationToken) =>
        await sender.Send(new ReclassifyPhiCommand(), cancellationToken);
}
