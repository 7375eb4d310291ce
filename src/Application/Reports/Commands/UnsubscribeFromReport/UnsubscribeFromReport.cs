using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Reports.Commands.DeleteReportSubscription;
using Ticketing.Application.Reports.Queries.GetReportUnsubscribe;

namespace Ticketing.Application.Reports.Commands.UnsubscribeFromReport;

/// <summary>
/// Stops the one scheduled report a signed link was made for: no sign-in (the signature is the proof), from
/// the link's page or a mail client's one-click <c>List-Unsubscribe-Post</c>. Repeating it changes nothing.
/// </summary>
public sealed record UnsubscribeFromReportCommand(string? Token) : ICommand<ReportUnsubscribeView>
{
    public override string ToString() => nameof(UnsubscribeFromReportCommand);
}

public sealed class UnsubscribeFromReportValidator : AbstractValidator<UnsubscribeFromReportCommand>
{
    public UnsubscribeFromReportValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(1000);
}

public sealed class UnsubscribeFromReportHandler(IReportUnsubscribeTokens tokens, IReportSubscriptionStore store, IAuditLog audit)
    : ICommandHandler<UnsubscribeFromReportCommand, ReportUnsubscribeView>
{
    public async ValueTask<ReportUnsubscribeView> Handle(UnsubscribeFromReportCommand command, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(command.Token!, out var id, out var userId))
        {
            throw new NotFoundException("unsubscribe link", "(token)");
        }

        var subscription = await store.GetAsync(id, cancellationToken);
        if (subscription is null || subscription.UserId != userId)
        {
            return new ReportUnsubscribeView(null);
        }

        await store.DeleteAsync(id, cancellationToken);
        await audit.WriteAsync(DeleteReportSubscriptionHandler.AuditAction, "report_subscription", id.ToString(), new { recipient = userId, via = "email link" }, cancellationToken);
        return new ReportUnsubscribeView(GetReportUnsubscribeHandler.Describe(subscription));
    }
}
