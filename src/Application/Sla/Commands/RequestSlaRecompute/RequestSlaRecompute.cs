using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sla.Commands.RequestSlaRecompute;

/// <summary>Queues a recompute of every ticket's SLA from the start (admins only), e.g. after a restore.</summary>
public sealed record RequestSlaRecomputeCommand : ICommand, IAdminRequest;

public sealed class RequestSlaRecomputeHandler(ISlaRepository sla, IAuditLog audit) : ICommandHandler<RequestSlaRecomputeCommand>
{
    public const string Action = "sla.recompute";

    public async ValueTask<Unit> Handle(RequestSlaRecomputeCommand command, CancellationToken cancellationToken)
    {
        await sla.RequestFullRecomputeAsync("asked for by an admin", cancellationToken);
        await audit.WriteAsync(Action, "sla", "all", new { }, cancellationToken);
        return Unit.Value;
    }
}
