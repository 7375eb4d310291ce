using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Commands.DeleteEscalationRule;

/// <summary>Deletes an escalation rule (admins only); its past firings stay in the tickets' history.</summary>
public sealed record DeleteEscalationRuleCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteEscalationRuleHandler(IEscalationStore store, IAuditLog audit) : ICommandHandler<DeleteEscalationRuleCommand>
{
    public const string Action = "escalation_rule.delete";

    public async ValueTask<Unit> Handle(DeleteEscalationRuleCommand command, CancellationToken cancellationToken)
    {
        var rule = await store.FindRuleAsync(command.Id, cancellationToken) ?? throw new NotFoundException("Escalation rule", command.Id);
        if (!await store.DeleteRuleAsync(command.Id, cancellationToken))
        {
            throw new NotFoundException("Escalation rule", command.Id);
        }

        await audit.WriteAsync(Action, "escalation_rule", command.Id.ToString(), new { policy_id = rule.PolicyId, rule = EscalationText.Describe(rule) }, cancellationToken);
        return Unit.Value;
    }
}
