using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Reports.Commands.DeleteReportSubscription;

/// <summary>Stops a scheduled report: the recipient's own, or anyone's for an admin. Another user's is not found.</summary>
public sealed record DeleteReportSubscriptionCommand(Guid Id) : ICommand;

public sealed class DeleteReportSubscriptionHandler(IReportSubscriptionStore store, ICurrentUser user, IAuditLog audit)
    : ICommandHandler<DeleteReportSubscriptionCommand>
{
    public const string AuditAction = "report.unsubscribe";

    public async ValueTask<Unit> Handle(DeleteReportSubscriptionCommand command, CancellationToken cancellationToken)
    {
        var subscription = await store.GetAsync(command.Id, cancellationToken);
        if (subscription is null || (subscription.UserId != user.UserId && !user.IsAdmin))
        {
            throw new NotFoundException("report subscription", command.Id);
        }

        await store.DeleteAsync(command.Id, cancellationToken);
        await audit.WriteAsync(AuditAction, "report_subscription", command.Id.ToString(), new { recipient = subscription.UserId }, cancellationToken);
        return Unit.Value;
    }
}
