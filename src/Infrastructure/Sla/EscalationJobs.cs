using System.ComponentModel;
using Hangfire;
using Mediator;
using Ticketing.Application.Sla.Commands.EvaluateEscalations;

namespace Ticketing.Infrastructure.Sla;

/// <summary>The escalation job: it only sends the command, so the rule lives in the Application handler.</summary>
public sealed class EscalationJobs(ISender sender)
{
    public const string RecurringJobId = "sla-escalations";

    [DisplayName("Fire due SLA escalation rules")]
    [AutomaticRetry(Attempts = 0)]
    public async Task Evaluate(CancellationToken cancellationToken) =>
        await sender.Send(new EvaluateEscalationsCommand(), cancellationToken);
}
