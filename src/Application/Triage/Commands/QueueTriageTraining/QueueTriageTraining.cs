using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Triage.Commands.QueueTriageTraining;

/// <summary>An admin's "Train now": queues the training job, which runs in the background.</summary>
public sealed record QueueTriageTrainingCommand : ICommand<string>, IAdminRequest;

public sealed class QueueTriageTrainingHandler(ITriageTrainingQueue queue, IAuditLog audit) : ICommandHandler<QueueTriageTrainingCommand, string>
{
    public const string AuditAction = "triage.train";

    public async ValueTask<string> Handle(QueueTriageTrainingCommand command, CancellationToken cancellationToken)
    {
        var jobId = queue.Enqueue();
        await audit.WriteAsync(AuditAction, "triage_models", null, new { job_id = jobId }, cancellationToken);
        return jobId;
    }
}
