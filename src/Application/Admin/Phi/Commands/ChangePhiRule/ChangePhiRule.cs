using System.Globalization;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;

namespace Ticketing.Application.Admin.Phi.Commands.ChangePhiRule;

public enum PhiRuleChange
{
    Enable,
    Disable,
    Delete,
}

/// <summary>
/// Switches a PHI rule on or off, or deletes it; every ticket is re-classified in the background.
/// Until then the flags a removed rule set stay, so PHI stays masked meanwhile.
/// </summary>
public sealed record ChangePhiRuleCommand(long Id, PhiRuleChange Change) : ICommand, IAdminRequest;

public sealed class ChangePhiRuleHandler(IPhiRuleStore rules, IAuditLog audit) : ICommandHandler<ChangePhiRuleCommand>
{
    public async ValueTask<Unit> Handle(ChangePhiRuleCommand command, CancellationToken cancellationToken)
    {
        var changed = command.Change == PhiRuleChange.Delete
            ? await rules.DeleteAsync(command.Id, cancellationToken)
            : await rules.SetEnabledAsync(command.Id, command.Change == PhiRuleChange.Enable, cancellationToken);
        if (!changed)
        {
            throw new NotFoundException("PHI rule", command.Id);
        }

        await audit.WriteAsync(
            command.Change == PhiRuleChange.Delete ? PhiAuditActions.RuleDeleted : PhiAuditActions.RuleChanged,
            "phi_rule",
            command.Id.ToString(CultureInfo.InvariantCulture),
            new { change = command.Change.ToString().ToLowerInvariant() },
            cancellationToken);
        return Unit.Value;
    }
}
