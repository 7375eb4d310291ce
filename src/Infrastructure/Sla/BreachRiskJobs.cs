using System.ComponentModel;
using Hangfire;
using Mediator;
using Ticketing.Application.Sla.Commands.ComputeBreachRisk;

namespace Ticketing.Infrastructure.Sla;

/// <summary>The breach-risk job: thin, it sends the command the rule lives in.</summary>
public sealed class BreachRiskJobs(ISender sender)
{
    public const string RecurringJobId = "sla-breach-risk";

    [DisplayName("Estimate every active ticket's probability of breaching its SLA")]
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task Estimate(CancellationToken cancellationToken) =>
        await sender.Send(new ComputeBreachRiskCommand(), cancellationToken);
}
