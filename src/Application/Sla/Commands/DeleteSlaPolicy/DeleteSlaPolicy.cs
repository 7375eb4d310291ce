using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Commands.DeleteSlaPolicy;

/// <summary>Deletes an SLA policy (admins only); every ticket's SLA is recomputed without it.</summary>
public sealed record DeleteSlaPolicyCommand(Guid Id) : ICommand, IAdminRequest;

public sealed class DeleteSlaPolicyHandler(ISlaRepository sla, IAuditLog audit) : ICommandHandler<DeleteSlaPolicyCommand>
{
    public const string Action = "sla_policy.delete";

    public async ValueTask<Unit> Handle(DeleteSlaPolicyCommand command, CancellationToken cancellationToken)
    {
        var policy = await sla.FindPolicyAsync(command.Id, cancellationToken) ?? throw new NotFoundException("SLA policy", command.Id);
        if (!await sla.DeletePolicyAsync(command.Id, cancellationToken))
        {
            throw new NotFoundException("SLA policy", command.Id);
        }

        await audit.WriteAsync(Action, "sla_policy", command.Id.ToString(), new { name = policy.Name }, cancellationToken);
        return Unit.Value;
    }
}
