using System.ComponentModel;
using Hangfire;
using Mediator;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.TrainTriageModels;

namespace Ticketing.Infrastructure.Triage;

/// <summary>The training job: nightly (<see cref="TriageOptions.TrainingCron"/>) and on an admin's demand.</summary>
public sealed class TriageJobs(ISender sender)
{
    public const string RecurringJobId = "triage-training";

    [DisplayName("Train the triage models")]
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Train(CancellationToken cancellationToken) =>
        await sender.Send(new TrainTriageModelsCommand(), cancellationToken);
}

internal sealed class HangfireTriageTrainingQueue(IBackgroundJobClient jobs) : ITriageTrainingQueue
{
    public string Enqueue() => jobs.Enqueue<TriageJobs>(j => j.Train(CancellationToken.None));
}
